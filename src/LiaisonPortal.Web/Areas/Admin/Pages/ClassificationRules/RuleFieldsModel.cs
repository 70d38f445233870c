using LiaisonPortal.Core.Management;

namespace LiaisonPortal.Web.Areas.Admin.Pages.ClassificationRules;

/// <summary>The rule form's fields, shared by the list's "new rule" form and the edit page.</summary>
public sealed record RuleFieldsModel(IndexModel.RuleForm Form, IReadOnlyList<CategoryRow> Categories);
