using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Web.Hosting;
using Microsoft.Extensions.Localization;

namespace LiaisonPortal.Web.Areas.Manage.Pages.Opinions;

/// <summary>One case for this workspace: the moves the workflow table allows this role, nothing else.</summary>
public class DetailsModel(CaseFiles files, OpinionCases cases, OpinionDesk desk, CaseAids aids, IStringLocalizer<SharedResource> localizer, TimeProvider time)
    : CasePageModel(files, cases, desk, aids, localizer, time)
{
    public override string QueuePath => "/Manage/Opinions";

    public override string QueueTitle => "群众意见";
}
