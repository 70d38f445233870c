using System.Globalization;
using System.Text.RegularExpressions;
using LiaisonPortal.Core.Organisation;
using Microsoft.EntityFrameworkCore.Metadata;

namespace LiaisonPortal.Core.Management;

public sealed record ValidStation(
    string Code, string Name, StationKind Kind, string RegionCode, string Address, string? OpeningHours,
    string? ContactPhone, string? ManagerName, string? ManagerPhone, double? Latitude, double? Longitude);

public sealed record ValidDeputy(
    string Code, string Name, Gender Gender, DeputyLevel Level, string? Constituency, string? Delegation, string? Occupation,
    string? ProfessionalGroup, string? Commitment, DateOnly? TermStart, DateOnly? TermEnd, string? PrivatePhone,
    IReadOnlyList<string> StationCodes, string? PrimaryStationCode);

public sealed record ValidHandlingUnit(
    string Code, string Name, HandlingUnitKind Kind, string RegionCode, string? ParentCode, string? ContactPerson, string? ContactPhone);

/// <summary>
/// The rules a directory record must meet before the database is asked anything: required fields, lengths (read from
/// the EF model, so they never drift from the columns), code and phone formats, names of kinds and levels. The staff
/// forms and the CSV import both go through here.
/// </summary>
public static partial class DirectoryRules
{
    public static (ValidStation? Value, IReadOnlyList<FieldError> Errors) Check(StationInput input, IModel model)
    {
        ArgumentNullException.ThrowIfNull(input);
        var check = new Checker(model, typeof(Station));
        var code = check.Code(nameof(input.Code), input.Code, "统一编号");
        var name = check.Required(nameof(input.Name), input.Name, "名称", nameof(Station.Name));
        var kind = check.Parsed<StationKind>(nameof(input.Kind), input.Kind, "类型", DirectoryNames.TryParseStationKind, "代表之家、代表联络站、代表联系点、流动联络站、民情联络室");
        var region = check.Required(nameof(input.RegionCode), input.RegionCode, "所属区域", null);
        var address = check.Optional(nameof(input.Address), input.Address, "地址", nameof(Station.Address));
        var hours = check.Optional(nameof(input.OpeningHours), input.OpeningHours, "开放时间", nameof(Station.OpeningHours));
        var phone = check.Phone(nameof(input.ContactPhone), input.ContactPhone, "联系电话", nameof(Station.ContactPhone));
        var manager = check.Optional(nameof(input.ManagerName), input.ManagerName, "管理员", nameof(Station.ManagerName));
        var managerPhone = check.Phone(nameof(input.ManagerPhone), input.ManagerPhone, "管理员电话", nameof(Station.ManagerPhone));
        var latitude = check.Number(nameof(input.Latitude), input.Latitude, "纬度", -90, 90);
        var longitude = check.Number(nameof(input.Longitude), input.Longitude, "经度", -180, 180);
        if (latitude.HasValue != longitude.HasValue && check.Errors.All(e => e.Field is not (nameof(input.Latitude) or nameof(input.Longitude))))
        {
            check.Add(latitude.HasValue ? nameof(input.Longitude) : nameof(input.Latitude), "经度和纬度要么都填，要么都不填。");
        }

        return check.Errors.Count > 0
            ? (null, check.Errors)
            : (new ValidStation(code!, name!, kind!.Value, region!, address ?? string.Empty, hours, phone, manager, managerPhone, latitude, longitude), []);
    }

    public static (ValidDeputy? Value, IReadOnlyList<FieldError> Errors) Check(DeputyInput input, IModel model)
    {
        ArgumentNullException.ThrowIfNull(input);
        var check = new Checker(model, typeof(Deputy));
        var code = check.Code(nameof(input.Code), input.Code, "代表编号");
        var name = check.Required(nameof(input.Name), input.Name, "姓名", nameof(Deputy.Name));
        Gender gender = Gender.Unspecified;
        if (!DirectoryNames.TryParseGender(input.Gender, out gender))
        {
            check.Add(nameof(input.Gender), $"性别“{input.Gender?.Trim()}”无法识别，请填写“男”或“女”。");
        }

        var level = check.Parsed<DeputyLevel>(nameof(input.Level), input.Level, "代表层级", DirectoryNames.TryParseLevel, "全国、省、市、区县、乡镇人大代表或街道议政代表");
        var constituency = check.Optional(nameof(input.Constituency), input.Constituency, "选区", nameof(Deputy.Constituency));
        var delegation = check.Optional(nameof(input.Delegation), input.Delegation, "代表团（组）", nameof(Deputy.Delegation));
        var occupation = check.Optional(nameof(input.Occupation), input.Occupation, "职业", nameof(Deputy.Occupation));
        var group = check.Optional(nameof(input.ProfessionalGroup), input.ProfessionalGroup, "专业代表小组", nameof(Deputy.ProfessionalGroup));
        var commitment = check.Optional(nameof(input.Commitment), input.Commitment, "亮承诺", nameof(Deputy.Commitment));
        var termStart = check.Date(nameof(input.TermStart), input.TermStart, "任期开始");
        var termEnd = check.Date(nameof(input.TermEnd), input.TermEnd, "任期结束");
        if (termStart is { } start && termEnd is { } end && end < start)
        {
            check.Add(nameof(input.TermEnd), "任期结束不能早于任期开始。");
        }

        var phone = check.Phone(nameof(input.PrivatePhone), input.PrivatePhone, "代表本人电话", nameof(Deputy.PrivatePhone));
        var stations = (input.StationCodes ?? []).Select(s => s?.Trim()).OfType<string>().Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var primary = Clean(input.PrimaryStationCode);
        if (primary is not null && !stations.Contains(primary))
        {
            check.Add(nameof(input.PrimaryStationCode), "主联络站必须是代表编入的家站点之一。");
        }

        return check.Errors.Count > 0
            ? (null, check.Errors)
            : (new ValidDeputy(code!, name!, gender, level!.Value, constituency, delegation, occupation, group, commitment, termStart, termEnd, phone, stations, primary ?? stations.FirstOrDefault()), []);
    }

    public static (ValidHandlingUnit? Value, IReadOnlyList<FieldError> Errors) Check(HandlingUnitInput input, IModel model)
    {
        ArgumentNullException.ThrowIfNull(input);
        var check = new Checker(model, typeof(HandlingUnit));
        var code = check.Code(nameof(input.Code), input.Code, "单位编码");
        var name = check.Required(nameof(input.Name), input.Name, "单位名称", nameof(HandlingUnit.Name));
        var kind = check.Parsed<HandlingUnitKind>(nameof(input.Kind), input.Kind, "单位类型", DirectoryNames.TryParseUnitKind, "政府部门、监察委员会、人民法院、人民检察院、街道办事处、公用企业、其他单位");
        var region = check.Required(nameof(input.RegionCode), input.RegionCode, "所属区域", null);
        var parent = Clean(input.ParentCode);
        if (parent is not null && parent == code)
        {
            check.Add(nameof(input.ParentCode), "上级单位不能是本单位。");
        }

        var person = check.Optional(nameof(input.ContactPerson), input.ContactPerson, "联系人", nameof(HandlingUnit.ContactPerson));
        var phone = check.Phone(nameof(input.ContactPhone), input.ContactPhone, "联系电话", nameof(HandlingUnit.ContactPhone));
        return check.Errors.Count > 0
            ? (null, check.Errors)
            : (new ValidHandlingUnit(code!, name!, kind!.Value, region!, parent, person, phone), []);
    }

    /// <summary>A public code: letters, digits and . _ -, starting with a letter or digit (safe in URLs and QR codes).</summary>
    internal static bool IsCode(string text) => CodePattern().IsMatch(text);

    internal static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^[0-9+\-() ]+$")]
    private static partial Regex PhonePattern();

    private sealed class Checker(IModel model, Type entity)
    {
        public List<FieldError> Errors { get; } = [];

        public void Add(string field, string message) => Errors.Add(new FieldError(field, message));

        public string? Code(string field, string? text, string label)
        {
            var value = Required(field, text, label, "Code");
            if (value is not null && !IsCode(value))
            {
                Add(field, $"{label}只能包含字母、数字和 . _ -，且以字母或数字开头。");
                return null;
            }

            return value;
        }

        public string? Required(string field, string? text, string label, string? column)
        {
            var value = Clean(text);
            if (value is null)
            {
                Add(field, $"请填写{label}。");
                return null;
            }

            return Length(field, value, label, column);
        }

        public string? Optional(string field, string? text, string label, string column) =>
            Clean(text) is { } value ? Length(field, value, label, column) : null;

        public string? Phone(string field, string? text, string label, string column)
        {
            var value = Optional(field, text, label, column);
            if (value is not null && (!PhonePattern().IsMatch(value) || value.Count(char.IsAsciiDigit) < 5))
            {
                Add(field, $"{label}格式不正确：只能包含数字、空格和 + - ( )。");
                return null;
            }

            return value;
        }

        public T? Parsed<T>(string field, string? text, string label, TryParser<T> parse, string allowed)
            where T : struct
        {
            if (Clean(text) is null)
            {
                Add(field, $"请选择{label}。");
                return null;
            }

            if (!parse(text, out var value))
            {
                Add(field, $"{label}“{text!.Trim()}”无法识别，可填：{allowed}。");
                return null;
            }

            return value;
        }

        public double? Number(string field, string? text, string label, double min, double max)
        {
            if (Clean(text) is not { } value)
            {
                return null;
            }

            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
            {
                Add(field, FormattableString.Invariant($"{label}应为 {min} 到 {max} 之间的数字。"));
                return null;
            }

            return number;
        }

        public DateOnly? Date(string field, string? text, string label)
        {
            if (Clean(text) is not { } value)
            {
                return null;
            }

            string[] formats = ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyy.M.d", "yyyy年M月d日"];
            if (!DateOnly.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                Add(field, $"{label}应为日期，例如 2027-01-01。");
                return null;
            }

            return date;
        }

        private string? Length(string field, string value, string label, string? column)
        {
            var max = column is null ? null : model.FindEntityType(entity)?.FindProperty(column)?.GetMaxLength();
            if (max is { } limit && value.Length > limit)
            {
                Add(field, FormattableString.Invariant($"{label}不能超过 {limit} 个字，现在有 {value.Length} 个。"));
                return null;
            }

            return value;
        }
    }

    internal delegate bool TryParser<T>(string? text, out T value);
}
