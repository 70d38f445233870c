using LiaisonPortal.Web.Cli;
using LiaisonPortal.Web.Hosting;

namespace LiaisonPortal.Web;

public partial class Program
{
    /// <summary>No command runs the web server; migrate, seed-demo and create-user run once and exit.</summary>
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && !args[0].StartsWith('-'))
        {
            return await PortalCommandLine.RunAsync(args, Console.Out, Console.Error);
        }

        return await PortalApp.RunWebAsync(args, Console.Out, Console.Error);
    }
}
