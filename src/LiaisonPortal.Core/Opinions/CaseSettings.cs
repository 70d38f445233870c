using System.Globalization;
using System.Text.RegularExpressions;
using LiaisonPortal.Core.Citizens;
using LiaisonPortal.Core.Data;
using LiaisonPortal.Core.Management;
using LiaisonPortal.Core.Organisation;
using Microsoft.EntityFrameworkCore;

namespace LiaisonPortal.Core.Opinions;

public sealed record DeadlineRuleRow(Grade Grade, int ForwardDays, int ReachDays, int AnswerDays);

public sealed record TemplateRow(int Id, TemplateKind Kind, string? CategoryCode, string? CategoryName, string Name, string Body, bool IsActive);

/// <summary>What an admin types for a reply template; <see cref="CategoryCode"/> empty = every category.</summary>
public sealed record TemplateInput(TemplateKind? Kind, string? CategoryCode, string? Name, string? Body);

public sealed record ClassificationRuleRow(int Id, string Keyword, string CategoryCode, string CategoryName, Grade? Grade, bool IsActive);

public sealed record ClassificationRuleInput(string? Keyword, string? CategoryCode, Grade? Grade, bool IsActive = true);

/// <summary>The system's classification suggestion: the category (and grade, when the rule sets one) and the keyword that matched.</summary>
public sealed record ClassificationSuggestion(string CategoryCode, string CategoryName, Grade? Grade, string Keyword);

/// <summary>The facts of a case a reply template can use: {查询码} {标题} {收到日期} {承办单位}.</summary>
public sealed record TemplateFacts(string TrackingCode, string Title, DateOnly ReceivedOn, string? UnitName);

/// <summary>
/// The case workflow's settings an administrator edits — 办理时限 per grade ("2310"), 答复模板 and 分类规则 — with the
/// checks that keep them valid, and the two helpers the case pages call: <see cref="SuggestAsync"/> and
/// <see cref="FillTemplate"/>.
/// </summary>
public sealed partial class CaseSettings(ApplicationDbContext db)
{
    public const int MaxForwardDays = 60;
    public const int MaxReachDays = 60;
    public const int MaxAnswerDays = 120;

    /// <summary>The placeholders a template may use, each with what it becomes.</summary>
    public static IReadOnlyList<(string Placeholder, string Meaning)> Placeholders { get; } =
    [
        ("{查询码}", "意见的查询码，例如 ABCDE-FGHJK"),
        ("{标题}", "意见的标题"),
        ("{收到日期}", "收到意见的日期，例如 2026年9月30日"),
        ("{承办单位}", "本轮主办单位的名称（尚未交办时为空）"),
    ];

    /// <summary>An example case, for the template page's preview.</summary>
    public static TemplateFacts ExampleFacts { get; } = new("ABCDEFGHJK", "小区门口路灯不亮", new DateOnly(2026, 9, 30), "东湖区住房和城乡建设局");

    /// <summary>"2310" and the urgent grade's 1/1/5: what the database is seeded with, and the fallback when a row is missing.</summary>
    public static DeadlineRule DefaultRule(Grade grade) =>
        grade == Grade.Urgent ? new DeadlineRule(grade, 1, 1, 5) : new DeadlineRule(grade, 2, 3, 10);

    public async Task<IReadOnlyList<DeadlineRuleRow>> DeadlineRulesAsync(CancellationToken cancellationToken = default)
    {
        var stored = await db.DeadlineRules.AsNoTracking().ToDictionaryAsync(r => r.Grade, cancellationToken);
        return Enum.GetValues<Grade>()
            .Select(g => stored.GetValueOrDefault(g) ?? DefaultRule(g))
            .Select(r => new DeadlineRuleRow(r.Grade, r.ForwardDays, r.ReachDays, r.AnswerDays))
            .ToList();
    }

    /// <summary>Changes one grade's three numbers. Fields: ForwardDays, ReachDays, AnswerDays.</summary>
    public async Task<EditResult> UpdateDeadlineRuleAsync(Grade grade, int? forwardDays, int? reachDays, int? answerDays, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(grade))
        {
            return EditResult.NotFound;
        }

        var errors = new List<FieldError>();
        Check(errors, "ForwardDays", "转交", forwardDays, 0, MaxForwardDays);
        Check(errors, "ReachDays", "交办到单位", reachDays, 0, MaxReachDays);
        Check(errors, "AnswerDays", "单位答复", answerDays, 1, MaxAnswerDays);
        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        var rule = await db.DeadlineRules.SingleOrDefaultAsync(r => r.Grade == grade, cancellationToken);
        if (rule is null)
        {
            rule = DefaultRule(grade);
            db.DeadlineRules.Add(rule);
        }

        rule.ForwardDays = forwardDays!.Value;
        rule.ReachDays = reachDays!.Value;
        rule.AnswerDays = answerDays!.Value;
        await db.SaveChangesAsync(cancellationToken);
        return EditResult.Done(grade.ToString());

        static void Check(List<FieldError> errors, string field, string label, int? value, int min, int max)
        {
            if (value is null || value < min || value > max)
            {
                errors.Add(new FieldError(field, string.Format(CultureInfo.InvariantCulture, "{0}时限请填写 {1} 到 {2} 之间的工作日数。", label, min, max)));
            }
        }
    }

    public async Task<IReadOnlyList<TemplateRow>> TemplatesAsync(TemplateKind? kind = null, CancellationToken cancellationToken = default)
    {
        var templates = db.ReplyTemplates.AsNoTracking();
        if (kind is { } k)
        {
            templates = templates.Where(t => t.Kind == k);
        }

        return await templates
            .OrderBy(t => t.Kind).ThenByDescending(t => t.IsActive).ThenBy(t => t.Category == null ? string.Empty : t.Category.Code).ThenBy(t => t.Name)
            .Select(t => new TemplateRow(t.Id, t.Kind, t.Category == null ? null : t.Category.Code, t.Category == null ? null : t.Category.Name, t.Name, t.Body, t.IsActive))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The active templates a case page offers: of <paramref name="kind"/>, for the case's category (or its parent)
    /// first, then the general ones (no category).
    /// </summary>
    public async Task<IReadOnlyList<TemplateRow>> TemplatesForAsync(TemplateKind kind, string? categoryCode, CancellationToken cancellationToken = default)
    {
        var category = categoryCode is null ? null : await db.Categories.AsNoTracking().Where(c => c.Code == categoryCode)
            .Select(c => new { c.Code, ParentCode = c.Parent == null ? null : c.Parent.Code }).SingleOrDefaultAsync(cancellationToken);
        var codes = new[] { category?.Code, category?.ParentCode }.OfType<string>().ToList();
        var all = await TemplatesAsync(kind, cancellationToken);
        return all.Where(t => t.IsActive && (t.CategoryCode is null || codes.Contains(t.CategoryCode)))
            .OrderBy(t => t.CategoryCode is null ? 2 : t.CategoryCode == category?.Code ? 0 : 1).ThenBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<TemplateRow?> TemplateAsync(int id, CancellationToken cancellationToken = default) =>
        (await TemplatesAsync(null, cancellationToken)).SingleOrDefault(t => t.Id == id);

    /// <summary>Fields: Kind, CategoryCode, Name, Body. Answers the new template's id as the result's code.</summary>
    public async Task<EditResult> CreateTemplateAsync(TemplateInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (categoryId, errors) = await CheckTemplateAsync(input, cancellationToken);
        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        var template = new ReplyTemplate(input.Kind!.Value, categoryId, input.Name!.Trim(), input.Body!.Trim());
        db.ReplyTemplates.Add(template);
        await db.SaveChangesAsync(cancellationToken);
        return EditResult.Done(template.Id.ToString(CultureInfo.InvariantCulture));
    }

    public async Task<EditResult> UpdateTemplateAsync(int id, TemplateInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var template = await db.ReplyTemplates.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null)
        {
            return EditResult.NotFound;
        }

        var (categoryId, errors) = await CheckTemplateAsync(input, cancellationToken);
        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        template.Kind = input.Kind!.Value;
        template.CategoryId = categoryId;
        template.Name = input.Name!.Trim();
        template.Body = input.Body!.Trim();
        await db.SaveChangesAsync(cancellationToken);
        return EditResult.Done(id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>停用/启用: an inactive template is no longer offered; nothing written from it changes.</summary>
    public async Task<EditResult> SetTemplateActiveAsync(int id, bool active, CancellationToken cancellationToken = default)
    {
        var template = await db.ReplyTemplates.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null)
        {
            return EditResult.NotFound;
        }

        template.IsActive = active;
        await db.SaveChangesAsync(cancellationToken);
        return EditResult.Done(id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The template's text with the case's facts in place of {查询码} {标题} {收到日期} {承办单位}; anything else in braces
    /// is left as it is. A missing unit becomes empty text.
    /// </summary>
    public static string FillTemplate(string body, TemplateFacts facts)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(facts);
        return body
            .Replace("{查询码}", TrackingCodes.Display(facts.TrackingCode), StringComparison.Ordinal)
            .Replace("{标题}", facts.Title, StringComparison.Ordinal)
            .Replace("{收到日期}", facts.ReceivedOn.ToString("yyyy年M月d日", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{承办单位}", facts.UnitName ?? string.Empty, StringComparison.Ordinal);
    }

    /// <summary>The facts of one case for <see cref="FillTemplate"/>: its code, title, China date of receipt and current lead unit.</summary>
    public async Task<TemplateFacts?> FactsAsync(IQueryable<Opinion> visible, string trackingCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visible);
        var code = TrackingCodes.Normalize(trackingCode);
        var found = await visible.AsNoTracking().Where(o => o.TrackingCode == code)
            .Select(o => new
            {
                o.TrackingCode, o.Title, o.ReceivedAt,
                Unit = db.OpinionAssignments.Where(a => a.OpinionId == o.Id && a.IsLead).OrderByDescending(a => a.Round).Select(a => a.HandlingUnit.Name).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return found is null
            ? null
            : new TemplateFacts(found.TrackingCode, found.Title, DateOnly.FromDateTime(Calendar.ChinaTime.Of(found.ReceivedAt).DateTime), found.Unit);
    }

    public async Task<IReadOnlyList<ClassificationRuleRow>> ClassificationRulesAsync(CancellationToken cancellationToken = default) =>
        await db.ClassificationRules.AsNoTracking()
            .OrderBy(r => r.Category.Code).ThenBy(r => r.Keyword)
            .Select(r => new ClassificationRuleRow(r.Id, r.Keyword, r.Category.Code, r.Category.Name, r.Grade, r.IsActive))
            .ToListAsync(cancellationToken);

    /// <summary>Fields: Keyword, CategoryCode, Grade.</summary>
    public async Task<EditResult> CreateClassificationRuleAsync(ClassificationRuleInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (categoryId, errors) = await CheckRuleAsync(null, input, cancellationToken);
        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        var rule = new ClassificationRule(input.Keyword!.Trim(), categoryId, input.Grade) { IsActive = input.IsActive };
        db.ClassificationRules.Add(rule);
        return await SaveRuleAsync(rule, cancellationToken);
    }

    public async Task<EditResult> UpdateClassificationRuleAsync(int id, ClassificationRuleInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var rule = await db.ClassificationRules.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
        {
            return EditResult.NotFound;
        }

        var (categoryId, errors) = await CheckRuleAsync(id, input, cancellationToken);
        if (errors.Count > 0)
        {
            return EditResult.Invalid(errors);
        }

        rule.Keyword = input.Keyword!.Trim();
        rule.CategoryId = categoryId;
        rule.Grade = input.Grade;
        rule.IsActive = input.IsActive;
        return await SaveRuleAsync(rule, cancellationToken);
    }

    public async Task<EditResult> DeleteClassificationRuleAsync(int id, CancellationToken cancellationToken = default)
    {
        var deleted = await db.ClassificationRules.Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? EditResult.NotFound : EditResult.Done(id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The system's suggestion for a new opinion: the first active rule (longest keyword first, then alphabetical)
    /// whose keyword appears in the title or the content, ignoring case; null when none does. Rules of inactive
    /// categories are skipped.
    /// </summary>
    public async Task<ClassificationSuggestion?> SuggestAsync(string? title, string? content, CancellationToken cancellationToken = default)
    {
        var text = $"{title}\n{content}";
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var rules = await db.ClassificationRules.AsNoTracking()
            .Where(r => r.IsActive && r.Category.IsActive)
            .Select(r => new { r.Keyword, CategoryCode = r.Category.Code, CategoryName = r.Category.Name, r.Grade })
            .ToListAsync(cancellationToken);
        var match = rules
            .OrderByDescending(r => r.Keyword.Length).ThenBy(r => r.Keyword, StringComparer.Ordinal)
            .FirstOrDefault(r => text.Contains(r.Keyword, StringComparison.OrdinalIgnoreCase));
        return match is null ? null : new ClassificationSuggestion(match.CategoryCode, match.CategoryName, match.Grade, match.Keyword);
    }

    private async Task<(int? CategoryId, List<FieldError> Errors)> CheckTemplateAsync(TemplateInput input, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors.Add(new FieldError("Kind", "请选择模板用途：单位答复或反馈群众。"));
        }

        int? categoryId = null;
        if (!string.IsNullOrWhiteSpace(input.CategoryCode))
        {
            var code = input.CategoryCode.Trim();
            categoryId = await db.Categories.Where(c => c.Code == code && c.IsActive).Select(c => (int?)c.Id).SingleOrDefaultAsync(cancellationToken);
            if (categoryId is null)
            {
                errors.Add(new FieldError("CategoryCode", "请选择一个在用的分类，或留空表示适用于所有分类。"));
            }
        }

        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > ReplyTemplate.NameMaxLength)
        {
            errors.Add(new FieldError("Name", string.Format(CultureInfo.InvariantCulture, "请填写模板名称（不超过 {0} 个字）。", ReplyTemplate.NameMaxLength)));
        }

        var body = input.Body?.Trim();
        if (string.IsNullOrEmpty(body) || body.Length > ReplyTemplate.BodyMaxLength)
        {
            errors.Add(new FieldError("Body", string.Format(CultureInfo.InvariantCulture, "请填写模板正文（不超过 {0} 个字）。", ReplyTemplate.BodyMaxLength)));
        }
        else if (Braced().Matches(body).Select(m => m.Value).FirstOrDefault(p => Placeholders.All(known => known.Placeholder != p)) is { } unknown)
        {
            errors.Add(new FieldError("Body", string.Format(CultureInfo.InvariantCulture, "不认识的占位符 {0}：只能用 {{查询码}} {{标题}} {{收到日期}} {{承办单位}}。", unknown)));
        }

        return (categoryId, errors);
    }

    private async Task<(int CategoryId, List<FieldError> Errors)> CheckRuleAsync(int? id, ClassificationRuleInput input, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var keyword = input.Keyword?.Trim();
        if (string.IsNullOrEmpty(keyword) || keyword.Length > ClassificationRule.KeywordMaxLength)
        {
            errors.Add(new FieldError("Keyword", string.Format(CultureInfo.InvariantCulture, "请填写关键词（不超过 {0} 个字）。", ClassificationRule.KeywordMaxLength)));
        }
        else if (await db.ClassificationRules.AnyAsync(r => r.Keyword == keyword && r.Id != id, cancellationToken))
        {
            errors.Add(new FieldError("Keyword", $"关键词“{keyword}”已有规则，请直接修改那一条。"));
        }

        var code = input.CategoryCode?.Trim();
        var categoryId = string.IsNullOrEmpty(code) ? null
            : await db.Categories.Where(c => c.Code == code && c.IsActive).Select(c => (int?)c.Id).SingleOrDefaultAsync(cancellationToken);
        if (categoryId is null)
        {
            errors.Add(new FieldError("CategoryCode", "请选择一个在用的分类。"));
        }

        if (input.Grade is { } grade && !Enum.IsDefined(grade))
        {
            errors.Add(new FieldError("Grade", "请选择分级，或留空表示不建议分级。"));
        }

        return (categoryId ?? 0, errors);
    }

    private async Task<EditResult> SaveRuleAsync(ClassificationRule rule, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return EditResult.Done(rule.Id.ToString(CultureInfo.InvariantCulture));
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return EditResult.Invalid("Keyword", $"关键词“{rule.Keyword}”已有规则，请直接修改那一条。");
        }
    }

    [GeneratedRegex(@"\{[^{}\s]{1,20}\}")]
    private static partial Regex Braced();
}
