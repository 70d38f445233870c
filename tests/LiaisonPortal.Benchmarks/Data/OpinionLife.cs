using LiaisonPortal.Core.Opinions;
using LiaisonPortal.Core.Organisation;

namespace LiaisonPortal.Benchmarks.Data;

/// <summary>One step of the timeline, as <see cref="OpinionWorkflow.Apply"/> records it.</summary>
internal readonly record struct LifeStep(DateTime At, OpinionAction Action, OpinionState State, string? PublicNote, string? InternalNote, string? ActorName);

/// <summary>One unit's part in one round, as <see cref="OpinionCases"/> and <see cref="OpinionTracking"/> leave it.</summary>
internal struct LifeAssignment
{
    public int Round;
    public UnitChoice Unit;
    public bool IsLead;
    public DateTime AssignedAt;
    public DateOnly AnswerDueOn;
    public DateTime? AnsweredAt;
    public string? Answer;
    public AnswerResult? Result;
    public DateOnly? PlannedOn;
    public string? Reason;
    public DateTime? ReturnedAt;
    public string? ReturnReason;
    public DateOnly? RemindedOn;
}

internal readonly record struct LifeRating(int Round, Rating Rating, string? Comment, DateTime At);

/// <summary>What the generator needs besides the city and the plan: the clock, the rules and the pools.</summary>
internal sealed class LifeContext
{
    public required City City { get; init; }

    public required OpinionPlan Plan { get; init; }

    public required ulong Seed { get; init; }

    public required int FirstId { get; init; }

    public required DateTime Now { get; init; }

    public required DateOnly Today { get; init; }

    public required WorkingDayTable Days { get; init; }

    /// <summary>Working days to reach the unit plus for its answer, per grade ("2310": 3 + 10; urgent 1 + 5).</summary>
    public required IReadOnlyDictionary<Grade, int> AnswerDays { get; init; }

    /// <summary>Received before this (UTC) and still Received or Classified: overdue, per grade (Supervision's rule).</summary>
    public required IReadOnlyDictionary<Grade, DateTime> ForwardCutoff { get; init; }

    /// <summary>The day the daily job would remind a unit of a deadline on (today, and the next working day).</summary>
    public required DateOnly NextWorkingDay { get; init; }

    public required IReadOnlyList<CategoryChoice> Categories { get; init; }

    public required IReadOnlyList<string> PhoneCiphers { get; init; }

    public required IReadOnlyList<string> PhoneEndings { get; init; }

    public required IReadOnlyList<string> Secrets { get; init; }

    public required IReadOnlyList<string> SecretHashes { get; init; }
}

/// <summary>
/// Lives one opinion's life from its plan and its own random stream: every step a legal move of
/// <see cref="OpinionWorkflow"/> at a plausible time, stopped at "now", and the row fields as the services would have left
/// them (state, deadlines, feedback, rounds, supervision, the overdue flag by <see cref="Supervision"/>'s rule). The same
/// index always gives the same life, so survivors of merges can be lived again on demand.
/// </summary>
internal sealed class OpinionLife(LifeContext context)
{
    private const string System = "系统";
    private const string Citizen = "群众";

    private static readonly OpinionChannel[] Channels =
        [OpinionChannel.Qr, OpinionChannel.Qr, OpinionChannel.Qr, OpinionChannel.Qr, OpinionChannel.Qr, OpinionChannel.Qr, OpinionChannel.Qr, OpinionChannel.Qr, OpinionChannel.Qr,
         OpinionChannel.Web, OpinionChannel.Web, OpinionChannel.Web, OpinionChannel.Web, OpinionChannel.Web, OpinionChannel.WalkIn, OpinionChannel.WalkIn,
         OpinionChannel.Phone, OpinionChannel.Phone, OpinionChannel.DeputyVisit, OpinionChannel.Hotline];

    private readonly List<LifeStep> _steps = [];
    private readonly List<LifeAssignment> _assignments = [];
    private readonly List<LifeRating> _ratings = [];
    private OpinionLife? _survivor;
    private double _categoryTotal;

    public IReadOnlyList<LifeStep> Steps => _steps;

    public List<LifeAssignment> Assignments => _assignments;

    public IReadOnlyList<LifeRating> Ratings => _ratings;

    public int Index { get; private set; }

    public int Id => context.FirstId + Index;

    public string Code { get; private set; } = string.Empty;

    public OpinionChannel Channel { get; private set; }

    public OpinionState State { get; private set; }

    public StationChoice Station { get; private set; } = null!;

    public int? DeputyId { get; private set; }

    public int? CategoryId { get; private set; }

    public Grade? Grade { get; private set; }

    public string Title { get; private set; } = string.Empty;

    public string Content { get; private set; } = string.Empty;

    public string? CitizenName { get; private set; }

    public int? Phone { get; private set; }

    public int? Secret { get; private set; }

    public bool MayContact { get; private set; }

    public bool IsAnonymous { get; private set; }

    public DateTime ReceivedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public string? PublishedAnswer { get; private set; }

    public int FeedbackRound { get; private set; }

    public int HandlingRound { get; private set; }

    public SupervisionLevel Supervision { get; private set; }

    public bool LeaderAttention { get; private set; }

    public DateOnly? AnswerDueOn { get; private set; }

    public DateOnly FeedbackDueOn { get; private set; }

    public bool IsOverdue { get; private set; }

    public int? MergedIntoId { get; private set; }

    public int? EscalatedToRegionId { get; private set; }

    public DateTime? FedBackAt { get; private set; }

    public DateTime? ClosedAt { get; private set; }

    /// <summary>The first feedback (time and text), for the cases merged into this one.</summary>
    public (DateTime At, string Text)? FirstFeedback { get; private set; }

    /// <summary>
    /// Ended longer ago than the retention period: written as the app's retention job leaves it (name replaced, phone and
    /// consent gone, <see cref="AnonymisedAt"/> set), as a database that has run the job for years holds it; /track no
    /// longer shows it for the phone's last four digits.
    /// </summary>
    public bool PastRetention =>
        State is OpinionState.Refused or OpinionState.Closed or OpinionState.Merged or OpinionState.Escalated
        && UpdatedAt < context.Now.AddDays(-Core.Citizens.PrivacyOptions.DefaultDays);

    public DateTime? AnonymisedAt => PastRetention ? UpdatedAt.AddDays(Core.Citizens.PrivacyOptions.DefaultDays + 1) : null;

    /// <summary>The name as stored: replaced once past retention.</summary>
    public string? StoredCitizenName => PastRetention && CitizenName is not null ? Core.Citizens.CitizenDataRetention.AnonymisedName : CitizenName;

    /// <summary>What finds it on /track: the phone's last four digits, or the secret.</summary>
    public string Proof => Phone is { } p ? context.PhoneEndings[p] : context.Secrets[Secret!.Value];

    public string? PhoneCipher => Phone is { } p && !PastRetention ? context.PhoneCiphers[p] : null;

    public string? SecretHash => Secret is { } s ? context.SecretHashes[s] : null;

    public void Live(int index)
    {
        var plan = context.Plan;
        var rng = new Rng(context.Seed, (ulong)index);
        Reset(index);
        Code = OpinionPlan.Code(plan.Codes[index]);
        Station = context.City.Stations[plan.Station[index]];
        ReceivedAt = plan.Received[index];
        UpdatedAt = ReceivedAt;
        FeedbackDueOn = DateOnly.FromDateTime(ReceivedAt.AddHours(8)).AddDays(Opinion.FeedbackWithinDays);

        // What the citizen sent.
        Channel = Channels[rng.Next(Channels.Length)];
        if (Station.Deputies.Count > 0 && rng.Chance(Channel is OpinionChannel.Qr or OpinionChannel.DeputyVisit ? 0.6 : 0.1))
        {
            DeputyId = Station.Deputies[rng.Next(Station.Deputies.Count)];
        }

        var category = PickCategory(ref rng);
        var issue = rng.Pick(Texts.Issues.TryGetValue(category.Code, out var issues) ? issues : Texts.Issues["QT"]);
        Title = Station.Place + issue;
        Content = $"{Station.Place}{issue}，{rng.Pick(Texts.Impacts)}，{rng.Pick(Texts.Requests)}。";
        if (rng.Chance(0.55))
        {
            CategoryId = category.Id;
        }

        IsAnonymous = rng.Chance(0.12);
        var hasPhone = !IsAnonymous && rng.Chance(0.8);
        CitizenName = !IsAnonymous && rng.Chance(0.7) ? rng.Pick(Texts.Surnames) + (rng.Chance(0.5) ? "先生" : "女士") : null;
        Phone = hasPhone ? rng.Next(context.PhoneCiphers.Count) : null;
        Secret = hasPhone ? null : rng.Next(context.Secrets.Count);
        MayContact = hasPhone && rng.Chance(0.65);
        var grade = rng.NextDouble() switch
        {
            < 0.80 => Core.Organisation.Grade.Normal,
            < 0.95 => Core.Organisation.Grade.Important,
            _ => Core.Organisation.Grade.Urgent,
        };
        var (finalCategory, categoryName) = category.Children.Count > 0 && rng.Chance(0.6)
            ? category.Children[rng.Next(category.Children.Count)]
            : (category.Id, category.Name);

        var registeredBy = Channel is OpinionChannel.WalkIn or OpinionChannel.Phone or OpinionChannel.DeputyVisit ? Station.Staff : System;
        Step(ReceivedAt, OpinionAction.Receive, OpinionState.Received, actor: registeredBy);
        var office = Station.District.Office;
        var path = plan.Path[index];
        var classifyAt = ReceivedAt + rng.Between(TimeSpan.FromMinutes(20), TimeSpan.FromHours(30));
        if (path == PathKind.Backlog && classifyAt > context.Now)
        {
            // Waiting for assignment means classified: the office got to it, even if it came in minutes ago.
            classifyAt = ReceivedAt + ((context.Now - ReceivedAt) * 0.5);
        }

        var classify = path != PathKind.Refuse || rng.Chance(0.3);
        if (path == PathKind.Merge)
        {
            classify = rng.Chance(0.7);
        }

        var at = ReceivedAt;
        if (classify)
        {
            at = classifyAt;
            if (!Step(at, OpinionAction.Classify, OpinionState.Classified, internalNote: $"{categoryName} · {OpinionCases.GradeName(grade)}", actor: office))
            {
                Finish();
                return;
            }

            CategoryId = finalCategory;
            Grade = grade;
        }

        switch (path)
        {
            case PathKind.Backlog:
                break;
            case PathKind.Refuse:
                Step(at + rng.Between(TimeSpan.FromHours(2), TimeSpan.FromDays(3)), OpinionAction.Refuse, OpinionState.Refused,
                    publicNote: rng.Pick(Texts.RefuseReasons), actor: office);
                break;
            case PathKind.Merge:
                Merge(at + rng.Between(TimeSpan.FromHours(3), TimeSpan.FromDays(3)), office);
                break;
            case PathKind.Escalate:
                if (Step(at + rng.Between(TimeSpan.FromDays(1), TimeSpan.FromDays(4)), OpinionAction.Escalate, OpinionState.Escalated,
                    publicNote: "已上报上级人大常委会办理。", internalNote: rng.Pick(Texts.EscalateReasons), actor: office))
                {
                    EscalatedToRegionId = Station.ParentRegionId;
                }

                break;
            default:
                Handle(ref rng, at, category, grade, office);
                break;
        }

        Finish();
    }

    /// <summary>Assigned, answered, fed back, rated (or closed by the system), reopened after an unsatisfied rating.</summary>
    private void Handle(ref Rng rng, DateTime classified, CategoryChoice category, Grade grade, string office)
    {
        var lead = PickLead(ref rng, category.Code);
        var coUnits = new List<UnitChoice>();
        var roll = rng.NextDouble();
        for (var n = roll < 0.03 ? 2 : roll < 0.18 ? 1 : 0; n > 0; n--)
        {
            var co = PickLead(ref rng, null);
            if (co.Id != lead.Id && coUnits.TrueForAll(u => u.Id != co.Id))
            {
                coUnits.Add(co);
            }
        }

        var round = 1;
        var assignAt = classified + rng.Between(TimeSpan.FromHours(1), TimeSpan.FromHours(56));
        if (!Assign(assignAt, round, lead, coUnits, grade, office))
        {
            return;
        }

        // 退回: one in thirty goes back to the office, which assigns it to another unit in a second round.
        if (rng.Chance(0.03))
        {
            var returnAt = assignAt + rng.Between(TimeSpan.FromDays(1), TimeSpan.FromDays(4));
            if (returnAt > context.Now)
            {
                AnswerRound(ref rng, round, assignAt, lead, coUnits, office, answerOnly: true);
                return;
            }

            var reason = rng.Pick(Texts.ReturnReasons);
            for (var i = 0; i < _assignments.Count; i++)
            {
                var a = _assignments[i];
                a.ReturnedAt = returnAt;
                a.ReturnReason = reason;
                _assignments[i] = a;
            }

            AnswerDueOn = null;
            Step(returnAt, OpinionAction.Return, OpinionState.Classified, internalNote: reason, actor: lead.Name + "联络员");
            var other = lead.Id == Station.StreetOffice?.Id ? PickLead(ref rng, null) : Station.StreetOffice ?? PickLead(ref rng, null);
            lead = other.Id == lead.Id ? context.City.CityUnits[0] : other;
            coUnits.Clear();
            round = 2;
            assignAt = returnAt + rng.Between(TimeSpan.FromHours(4), TimeSpan.FromDays(2));
            if (!Assign(assignAt, round, lead, coUnits, grade, office))
            {
                return;
            }
        }

        // 重点督办: a few cases get the office's key supervision while the unit works on them (not on the citizen's page).
        var supervised = rng.Chance(0.03);
        var unsatisfied = 0;
        while (true)
        {
            var answered = AnswerRound(ref rng, round, assignAt, lead, coUnits, office, answerOnly: false, supervised);
            supervised = false;
            if (answered is not { } feedbackAt)
            {
                return;
            }

            var ratedWithin = rng.NextDouble() < 0.6 ? rng.Between(TimeSpan.FromHours(1), TimeSpan.FromDays(14)) : (TimeSpan?)null;
            if (ratedWithin is not { } delay)
            {
                var china = feedbackAt.AddHours(8) + Core.Opinions.Supervision.AutoCloseAfter;
                var run = china.Date.AddHours(6);
                var autoCloseAt = (run > china ? run : run.AddDays(1)).AddHours(-8);
                if (china.AddHours(-8) <= context.Now && autoCloseAt > context.Now)
                {
                    // Due for the daily job but its run is still ahead: the app's run at start would close it now anyway.
                    autoCloseAt = context.Now;
                }

                if (Step(autoCloseAt, OpinionAction.AutoClose, OpinionState.Closed, publicNote: "反馈后 15 天内未评价，系统自动办结。", actor: System))
                {
                    ClosedAt = autoCloseAt;
                }

                return;
            }

            var ratedAt = feedbackAt + delay;
            if (ratedAt > context.Now)
            {
                return;
            }

            var r = rng.NextDouble();
            var rating = round >= 3 ? (r < 0.7 ? Rating.Satisfied : Rating.BasicallySatisfied)
                : r < (round == 1 ? 0.72 : 0.6) ? Rating.Satisfied : r < 0.92 ? Rating.BasicallySatisfied : Rating.Unsatisfied;
            var comment = rng.Chance(0.4) ? Texts.Comments[rating == Rating.Unsatisfied ? 3 + rng.Next(2) : rng.Next(3)] : null;
            _ratings.Add(new LifeRating(FeedbackRound, rating, comment, ratedAt));
            if (rating != Rating.Unsatisfied)
            {
                Step(ratedAt, OpinionAction.Evaluate, OpinionState.Evaluated, internalNote: comment, actor: Citizen);
                Step(ratedAt, OpinionAction.Close, OpinionState.Closed, actor: System);
                ClosedAt = ratedAt;
                return;
            }

            // 不满意: the same units again (those that did not return it), a new deadline from today; twice: a leader's list.
            Step(ratedAt, OpinionAction.Reopen, OpinionState.Assigned, internalNote: comment, actor: Citizen);
            HandlingRound++;
            if (++unsatisfied >= 2)
            {
                LeaderAttention = true;
                Supervision = SupervisionLevel.Flagged;
            }

            var due = context.Days.Add(DateOnly.FromDateTime(ratedAt.AddHours(8)), context.AnswerDays[grade]);
            var previous = _assignments.Where(a => a.Round == round && a.ReturnedAt is null).ToList();
            round++;
            foreach (var a in previous)
            {
                _assignments.Add(new LifeAssignment { Round = round, Unit = a.Unit, IsLead = a.IsLead, AssignedAt = ratedAt, AnswerDueOn = due });
            }

            AnswerDueOn = due;
            assignAt = ratedAt;
        }
    }

    /// <summary>交办: the round's rows and the step; false when it has not happened yet.</summary>
    private bool Assign(DateTime at, int round, UnitChoice lead, List<UnitChoice> coUnits, Grade grade, string office)
    {
        if (at > context.Now)
        {
            return false;
        }

        var due = context.Days.Add(DateOnly.FromDateTime(at.AddHours(8)), context.AnswerDays[grade]);
        _assignments.Add(new LifeAssignment { Round = round, Unit = lead, IsLead = true, AssignedAt = at, AnswerDueOn = due });
        foreach (var co in coUnits)
        {
            _assignments.Add(new LifeAssignment { Round = round, Unit = co, IsLead = false, AssignedAt = at, AnswerDueOn = due });
        }

        AnswerDueOn = due;
        var note = $"主办：{lead.Name}" + (coUnits.Count > 0 ? $"；协办：{string.Join("、", coUnits.Select(u => u.Name))}" : string.Empty) + $"；办理时限：{due:yyyy-MM-dd}";
        return Step(at, OpinionAction.Assign, OpinionState.Assigned, internalNote: note, actor: office);
    }

    /// <summary>
    /// One round of handling: co-units' answers (progress notes), the lead's final answer, the office's feedback. Returns
    /// the feedback time, or null when the round is still going on now (or <paramref name="answerOnly"/>).
    /// </summary>
    private DateTime? AnswerRound(ref Rng rng, int round, DateTime assignedAt, UnitChoice lead, List<UnitChoice> coUnits, string office, bool answerOnly, bool supervised = false)
    {
        var due = _assignments.First(a => a.Round == round && a.IsLead).AnswerDueOn;
        var dueEnd = DateTime.SpecifyKind(due.ToDateTime(new TimeOnly(18, 0)).AddHours(-8), DateTimeKind.Utc);
        // Most units answer in time; about one in nine is late, by up to a few weeks.
        var answerAt = rng.Chance(0.11)
            ? dueEnd + rng.Between(TimeSpan.FromHours(16), TimeSpan.FromDays(20))
            : assignedAt + ((dueEnd - assignedAt) * (0.15 + (0.8 * rng.NextDouble())));
        if (answerOnly)
        {
            answerAt = DateTime.MaxValue;
        }

        if (supervised)
        {
            var at = assignedAt + ((answerAt == DateTime.MaxValue ? TimeSpan.FromDays(2) : answerAt - assignedAt) * 0.3);
            if (Step(at, OpinionAction.Supervise, OpinionState.Assigned, internalNote: OpinionCases.LevelName(SupervisionLevel.Key), actor: office))
            {
                Supervision = SupervisionLevel.Key;
            }
        }

        var result = rng.NextDouble() switch
        {
            < 0.7 => AnswerResult.Solved,
            < 0.9 => AnswerResult.BeingSolved,
            _ => AnswerResult.CannotSolve,
        };
        var answer = result switch
        {
            AnswerResult.Solved => rng.Pick(Texts.SolvedAnswers),
            AnswerResult.BeingSolved => rng.Pick(Texts.BeingSolvedAnswers),
            _ => rng.Pick(Texts.CannotSolveAnswers),
        };
        for (var i = 0; i < _assignments.Count; i++)
        {
            var a = _assignments[i];
            if (a.Round != round || a.IsLead || a.ReturnedAt is not null)
            {
                continue;
            }

            var coAt = assignedAt + (((answerAt == DateTime.MaxValue ? dueEnd : answerAt) - assignedAt) * (0.3 + (0.5 * rng.NextDouble())));
            if (coAt <= context.Now)
            {
                a.AnsweredAt = coAt;
                a.Answer = "协办意见：" + rng.Pick(Texts.SolvedAnswers);
                a.Result = AnswerResult.Solved;
                _assignments[i] = a;
                Step(coAt, OpinionAction.Progress, OpinionState.Assigned, internalNote: a.Answer, actor: a.Unit.Name + "联络员");
            }
        }

        ReorderLastSteps();
        if (answerAt > context.Now)
        {
            return null;
        }

        for (var i = 0; i < _assignments.Count; i++)
        {
            var a = _assignments[i];
            if (a.Round == round && a.IsLead)
            {
                a.AnsweredAt = answerAt;
                a.Answer = answer;
                a.Result = result;
                a.PlannedOn = result == AnswerResult.BeingSolved ? DateOnly.FromDateTime(answerAt.AddHours(8)).AddDays(rng.Next(30, 180)) : null;
                a.Reason = result == AnswerResult.CannotSolve ? rng.Pick(Texts.CannotSolveReasons) : null;
                _assignments[i] = a;
            }
        }

        Step(answerAt, OpinionAction.Answer, OpinionState.Answered, internalNote: answer, actor: lead.Name + "联络员");
        var feedbackAt = answerAt + rng.Between(TimeSpan.FromHours(2), TimeSpan.FromDays(5));
        var text = $"经{lead.Name}办理：{answer}";
        if (!Step(feedbackAt, OpinionAction.FeedBack, OpinionState.FedBack, publicNote: text, actor: office))
        {
            return null;
        }

        PublishedAnswer = text;
        FeedbackRound++;
        FedBackAt = feedbackAt;
        FirstFeedback ??= (feedbackAt, text);
        return feedbackAt;
    }

    /// <summary>同类合并 into the earlier case at the station; its citizen gets that case's (first) answer once there is one.</summary>
    private void Merge(DateTime at, string office)
    {
        var survivor = context.Plan.SurvivorOf(Index);
        if (at > context.Now)
        {
            return;
        }

        _survivor ??= new OpinionLife(context);
        _survivor.Live(survivor);
        MergedIntoId = _survivor.Id;
        Step(at, OpinionAction.Merge, OpinionState.Merged, publicNote: $"与相同问题（查询码 {Core.Citizens.TrackingCodes.Display(_survivor.Code)}）合并办理，办理结果会一并告诉您。", actor: office);
        if (_survivor.FirstFeedback is { } feedback)
        {
            FedBackAt = feedback.At;
            PublishedAnswer = feedback.Text;
            UpdatedAt = feedback.At > UpdatedAt ? feedback.At : UpdatedAt;
        }
    }

    /// <summary>Progress notes were added in unit order; the timeline is read by time.</summary>
    private void ReorderLastSteps()
    {
        var start = _steps.Count;
        while (start > 0 && _steps[start - 1].Action == OpinionAction.Progress)
        {
            start--;
        }

        if (_steps.Count - start > 1)
        {
            _steps.Sort(start, _steps.Count - start, Comparer<LifeStep>.Create((a, b) => a.At.CompareTo(b.At)));
        }
    }

    private bool Step(DateTime at, OpinionAction action, OpinionState state, string? publicNote = null, string? internalNote = null, string? actor = null)
    {
        if (at > context.Now)
        {
            return false;
        }

        if (_steps.Count > 0 && at < _steps[^1].At && action != OpinionAction.Progress)
        {
            at = _steps[^1].At;
        }

        _steps.Add(new LifeStep(at, action, state, publicNote, internalNote, actor));
        State = state;
        UpdatedAt = at;
        return true;
    }

    /// <summary>The overdue flag by Supervision's rules, and the reminders today's run would have recorded.</summary>
    private void Finish()
    {
        var today = context.Today;
        IsOverdue = ((State is OpinionState.Received or OpinionState.Classified) && ReceivedAt < context.ForwardCutoff[Grade ?? Core.Organisation.Grade.Normal])
            || (State == OpinionState.Assigned && AnswerDueOn < today)
            || (State is OpinionState.Received or OpinionState.Classified or OpinionState.Assigned or OpinionState.Answered && FeedbackRound == 0 && FeedbackDueOn < today);
        // Today's supervision run has reminded the units (the app runs it at start too: it must find nothing left to send).
        if (State == OpinionState.Assigned)
        {
            for (var i = 0; i < _assignments.Count; i++)
            {
                var a = _assignments[i];
                if (a.AnsweredAt is null && a.ReturnedAt is null && (a.AnswerDueOn == today || a.AnswerDueOn == context.NextWorkingDay))
                {
                    a.RemindedOn = today;
                    _assignments[i] = a;
                }
            }
        }
    }

    private UnitChoice PickLead(ref Rng rng, string? category)
    {
        var roll = rng.NextDouble();
        if (roll < 0.05 || Station.District.Departments.Count == 0)
        {
            return Matching(ref rng, context.City.CityUnits, category);
        }

        if (roll < 0.4 && Station.StreetOffice is { } office)
        {
            return office;
        }

        return Matching(ref rng, Station.District.Departments, category);
    }

    private static UnitChoice Matching(ref Rng rng, List<UnitChoice> units, string? category)
    {
        if (category is not null)
        {
            var count = 0;
            foreach (var unit in units)
            {
                if (unit.Categories?.Contains(category, StringComparison.Ordinal) == true)
                {
                    count++;
                }
            }

            if (count > 0)
            {
                var pick = rng.Next(count);
                foreach (var unit in units)
                {
                    if (unit.Categories?.Contains(category, StringComparison.Ordinal) == true && pick-- == 0)
                    {
                        return unit;
                    }
                }
            }
        }

        return units[rng.Next(units.Count)];
    }

    private CategoryChoice PickCategory(ref Rng rng)
    {
        if (_categoryTotal == 0)
        {
            _categoryTotal = context.Categories.Sum(c => c.Weight);
        }

        var pick = rng.NextDouble() * _categoryTotal;
        foreach (var category in context.Categories)
        {
            if ((pick -= category.Weight) < 0)
            {
                return category;
            }
        }

        return context.Categories[^1];
    }

    private void Reset(int index)
    {
        Index = index;
        _steps.Clear();
        _assignments.Clear();
        _ratings.Clear();
        DeputyId = null;
        CategoryId = null;
        Grade = null;
        CitizenName = null;
        PublishedAnswer = null;
        FeedbackRound = 0;
        HandlingRound = 1;
        Supervision = SupervisionLevel.Normal;
        LeaderAttention = false;
        AnswerDueOn = null;
        IsOverdue = false;
        MergedIntoId = null;
        EscalatedToRegionId = null;
        FedBackAt = null;
        ClosedAt = null;
        FirstFeedback = null;
        State = OpinionState.Received;
    }
}
