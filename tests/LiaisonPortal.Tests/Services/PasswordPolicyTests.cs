using LiaisonPortal.Core.Accounts;

namespace LiaisonPortal.Tests.Services;

public class PasswordPolicyTests
{
    [Theory]
    [InlineData("password", true)]
    [InlineData("Password123!", true)]
    [InlineData("P@ssw0rd2026", true)]
    [InlineData("!!Qwerty12345", true)]
    [InlineData("1qaz2wsx3edc", true)]
    [InlineData("Woaini1314520", true)]
    [InlineData("Admin@123456", true)]
    [InlineData("Liaison2026!!", true)]
    [InlineData("Demo-Liaison-2026", false)]
    [InlineData("Hubin-Station-7", false)]
    [InlineData("桃花村-联络站-2026", false)]
    public void CommonPasswordsAreRecognisedEvenWhenDecorated(string password, bool common) =>
        Assert.Equal(common, CommonPasswordValidator.IsCommon(password));

    [Theory]
    [InlineData("abcdefghijkl", 1)]
    [InlineData("abcdefGHIJKL", 2)]
    [InlineData("abcdefGHIJ12", 3)]
    [InlineData("abcDEF123-+!", 4)]
    [InlineData("联络站联络站abc123", 3)]
    public void CharacterClassesAreCounted(string password, int classes) =>
        Assert.Equal(classes, PasswordPolicy.CharacterClasses(password));
}
