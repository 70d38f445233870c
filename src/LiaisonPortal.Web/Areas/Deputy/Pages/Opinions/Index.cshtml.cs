using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Web.Hosting;

namespace LiaisonPortal.Web.Areas.Deputy.Pages.Opinions;

/// <summary>群众给我的意见: the scope filter keeps everything else out.</summary>
public class IndexModel(CaseLists lists) : CaseQueueModel(lists)
{
    public override string QueuePath => "/Deputy/Opinions";
}
