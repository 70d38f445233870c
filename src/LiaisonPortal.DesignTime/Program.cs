// The startup project for `dotnet ef migrations add`; see README.md ("Database migrations"). It does nothing when run.
Console.WriteLine("dotnet tool run dotnet-ef migrations add NAME --project src/LiaisonPortal.Core --startup-project src/LiaisonPortal.DesignTime --output-dir Data/Migrations");
