using System.Text.Json;
using System.Text.Json.Serialization;
using LiaisonPortal.Core.Appointments;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Exports;
using LiaisonPortal.Core.Notifications;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Hosting;

/// <summary>
/// The access-request report (<see cref="CitizenDataReport"/>) as files: JSON (the record itself, every field named), and
/// CSV or a workbook with one line per fact (部分, 时间, 项目, 内容) in the reader's language. Small: built in memory.
/// </summary>
public static class AccessReports
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string FileName(CitizenDataReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return "personal-data-" + report.Code;
    }

    public static IActionResult JsonFile(CitizenDataReport report) =>
        new FileContentResult(JsonSerializer.SerializeToUtf8Bytes(report, Json), "application/json; charset=utf-8")
        {
            FileDownloadName = FileName(report) + ".json",
        };

    public static async Task<IActionResult> TableFileAsync(CitizenDataReport report, string? format, IStringLocalizer localizer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var kind = ExportTable.ParseFormat(format) ?? ExportFormat.Csv;
        var table = new ExportTable(
            localizer["个人信息"].Value,
            [localizer["部分"].Value, localizer["时间"].Value, localizer["项目"].Value, localizer["内容"].Value],
            ExportTable.From(Rows(report, localizer)));
        using var stream = new MemoryStream();
        await TableWriter.WriteAsync(table, kind, stream, cancellationToken);
        return new FileContentResult(stream.ToArray(), ExportTable.ContentType(kind)) { FileDownloadName = $"{FileName(report)}.{ExportTable.Extension(kind)}" };
    }

    /// <summary>One line per fact: section, China time (or empty), item, content.</summary>
    public static IEnumerable<IReadOnlyList<string?>> Rows(CitizenDataReport report, IStringLocalizer localizer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(localizer);
        string L(string key) => localizer[key].Value;
        string? At(DateTimeOffset? at) => at is { } value ? ChinaTime.Minutes(value) : null;

        var contact = L("个人信息");
        yield return [contact, null, L("查询码"), TrackingCodes.Display(report.Code)];
        yield return [contact, null, L("姓名"), report.Contact.Name ?? (report.Contact.IsAnonymous ? L("匿名") : L("未留称呼"))];
        yield return [contact, null, L("手机号码"), report.Contact.Phone ?? L("未保存")];
        yield return [contact, null, L("同意电话或短信联系"), report.Contact.MayContact ? L("是") : L("否")];
        if (report.Contact.AnonymisedAt is { } anonymised)
        {
            yield return [contact, At(anonymised), L("匿名化"), L("保留期满，姓名和电话已删除")];
        }

        if (report.Opinion is { } o)
        {
            var part = L("意见");
            yield return [part, At(o.ReceivedAt), L("标题"), o.Title];
            yield return [part, null, L("内容"), o.Content];
            yield return [part, null, L("来源渠道"), L(OpinionLabels.Of(o.Channel))];
            yield return [part, null, L("提交给"), o.DeputyName is null ? o.StationName : localizer["{0}代表（{1}）", o.DeputyName, o.StationName].Value];
            yield return [part, null, L("分类"), o.CategoryName is null ? L("未分类") : L(o.CategoryName)];
            yield return [part, At(o.ClosedAt), L("当前状态"), L(OpinionLabels.State(o.State))];
            if (o.PublishedAnswer is not null)
            {
                yield return [part, At(o.FedBackAt), L("办理结果"), o.PublishedAnswer];
            }

            foreach (var photo in o.Photos)
            {
                yield return [part, null, L("照片"), $"{photo.ContentType}, {photo.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} B"];
            }
        }

        if (report.Appointment is { } a)
        {
            var part = L("预约");
            yield return [part, At(a.CreatedAt), L("提交时间"), null];
            yield return [part, At(a.StartsAt), L("约见时间"), $"{ChinaTime.Minutes(a.StartsAt)}–{ChinaTime.Of(a.EndsAt).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)}"];
            yield return [part, null, L("地点"), a.Place ?? a.StationName];
            yield return [part, null, L("约见代表"), a.DeputyName ?? L("值班代表")];
            yield return [part, null, L("想谈的事"), a.Topic];
            yield return [part, null, L("状态"), L(AppointmentRules.NameOf(a.Status))];
            if (a.Reply is not null)
            {
                yield return [part, null, L("工作人员答复"), a.Reply];
            }

            if (a.AttendedAt is { } attended)
            {
                yield return [part, At(attended), L("到场签到"), null];
            }
        }

        foreach (var step in report.Steps)
        {
            yield return [L("办理过程"), At(step.At), L(OpinionLabels.PublicStep(step.Action)), step.Note];
        }

        foreach (var answer in report.Answers)
        {
            yield return [L("承办单位答复"), At(answer.AnsweredAt), localizer["{0}（{1}）", answer.UnitName, answer.IsLead ? L("主办") : L("协办")].Value, answer.Answer];
        }

        foreach (var rating in report.Ratings)
        {
            yield return [L("评价"), At(rating.At), localizer["第{0}次评价：{1}", rating.Round, L(OpinionLabels.Of(rating.Rating))].Value, rating.Comment];
        }

        foreach (var message in report.Messages)
        {
            var status = message.SentAt is not null ? L("已发送") : message.FailedAt is not null ? L("未能发送") : L("待发送");
            yield return [L("发给您的通知"), At(message.SentAt ?? message.CreatedAt), $"{(message.Channel == MessageChannel.Email ? L("电子邮件") : L("短信"))} · {status}", message.Body];
        }

        foreach (var access in report.Accesses)
        {
            yield return [L("个人信息的查看和导出记录"), At(access.At), L(AuditLabels.Of(access.Kind)), L(AuditLabels.ActionName(access.Action))];
        }
    }
}
