using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Web.Hosting;

namespace LiaisonPortal.Web.Areas.Unit.Pages.Opinions;

/// <summary>交办给本单位的意见: the scope filter keeps everything else out.</summary>
public class IndexModel(CaseLists lists) : CaseQueueModel(lists)
{
    public override string QueuePath => "/Unit/Opinions";
}
