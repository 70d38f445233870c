using System.Globalization;
using LiaisonPortal.Core.Calendar;
using LiaisonPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Admin.Pages.Holidays;

/// <summary>The holiday calendar per year: the State Council's notice entered as runs of holidays and adjusted workdays.</summary>
public class IndexModel(WorkingDayCalendar calendar, TimeProvider time, IStringLocalizer<SharedResource> localizer) : ManagePageModel
{
    [BindProperty(SupportsGet = true, Name = "year")]
    public int? Year { get; set; }

    [BindProperty]
    public RunInput Input { get; set; } = new();

    public int ShownYear => Year is >= 2000 and <= 2100 ? Year.Value : Today.Year;

    public DateOnly Today => Core.Calendar.ChinaTime.Today(time);

    public IReadOnlyList<CalendarDay> Days { get; private set; } = [];

    public IReadOnlyList<int> MissingYears { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        var from = ParseDate(Input.From, "From");
        var to = string.IsNullOrWhiteSpace(Input.To) ? from : ParseDate(Input.To, "To");
        if (from is { } start && to is { } end)
        {
            var error = await calendar.SetDaysAsync(start, end, Input.Kind, Input.Name, cancellationToken);
            if (error is null)
            {
                Done(localizer["已录入 {0} 至 {1}。", start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]);
                return RedirectToPage(new { year = start.Year });
            }

            ModelState.AddModelError(string.Empty, error);
        }

        Year = from?.Year ?? Year;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(string date, CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return BadRequest();
        }

        if (!await calendar.RemoveDayAsync(day, cancellationToken))
        {
            return NotFound();
        }

        Done(localizer["已删除 {0}，这一天恢复按周一至周五计算。", date]);
        return RedirectToPage(new { year = day.Year });
    }

    private DateOnly? ParseDate(string? text, string field)
    {
        if (DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        ModelState.AddModelError($"Input.{field}", localizer["请填写日期，例如 2027-10-01。"]);
        return null;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Days = await calendar.DaysOfYearAsync(ShownYear, cancellationToken);
        MissingYears = await calendar.YearsWithoutCalendarAsync(new DateOnly(Today.Year, 1, 1), new DateOnly(Today.Year + 1, 12, 31), cancellationToken);
    }

    public sealed class RunInput
    {
        public string? From { get; set; }

        public string? To { get; set; }

        public CalendarDayKind Kind { get; set; } = CalendarDayKind.Holiday;

        public string? Name { get; set; }
    }
}
