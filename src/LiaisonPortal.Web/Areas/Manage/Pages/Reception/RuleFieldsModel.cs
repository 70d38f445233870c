using LiaisonPortal.Core.Reception;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Reception;

/// <summary>The rule form's fields under a prefix ("Rule", "Session", "Input"), so two forms on one page keep their own input and messages.</summary>
public sealed record RuleFieldsModel(string Prefix, ReceptionRuleInput Form, bool OneOff);
