//! Helpers shared by the integration tests: a small session driver that goes through
//! `decide` + `apply` exactly like the server, a standard fixture, and proptest
//! strategies for random command sequences.
#![allow(dead_code)]

use proptest::prelude::*;
use summit_shared::*;

/// A fixed "now" (Unix ms) so events are deterministic.
pub const T0: i64 = 1_767_225_600_000;

/// The session id of the earlier summit a [`Summit::carrying`] carries over from.
pub const EARLIER_ID: &str = "earlier-summit";

/// A session driven through the public rules, like the server does: `decide`, then
/// `apply` every accepted event and append it to the log.
#[derive(Clone, Debug)]
pub struct Summit {
    pub state: SessionState,
    pub log: Vec<Event>,
    pub now: i64,
}

impl Summit {
    pub fn create(departments: &[&str], settings: Settings) -> Summit {
        Summit::carrying(departments, settings, None)
    }

    /// A summit that carries the open action items of `earlier` over.
    pub fn carrying(
        departments: &[&str],
        settings: Settings,
        earlier: Option<&SessionState>,
    ) -> Summit {
        let setup = SessionSetup {
            title: "Quarterly summit".into(),
            departments: departments.iter().map(|d| d.to_string()).collect(),
            settings,
            carry_from: earlier.map(|_| CarryFrom {
                session: EARLIER_ID.into(),
                key: "its-key".into(),
            }),
        };
        // Carried over with the earlier summit's facilitator token.
        let earlier = earlier.map(|state| Earlier {
            state,
            from: CarriedFrom {
                session: SessionId(EARLIER_ID.into()),
                link: None,
            },
        });
        let created = create_session(&setup, earlier, T0).expect("valid setup");
        let mut state = SessionState::default();
        state.apply(&created);
        Summit {
            state,
            log: vec![created],
            now: T0,
        }
    }

    /// Runs a command; on success applies and logs the events.
    pub fn try_exec(&mut self, actor: Actor, command: Command) -> Result<Vec<Event>, DomainError> {
        self.now += 1_000;
        let events = decide(&self.state, actor, &command, self.now)?;
        for e in &events {
            self.state.apply(e);
            self.log.push(e.clone());
        }
        Ok(events)
    }

    /// Runs a command that must be accepted.
    #[track_caller]
    pub fn exec(&mut self, actor: Actor, command: Command) -> Vec<Event> {
        match self.try_exec(actor, command.clone()) {
            Ok(events) => events,
            Err(e) => panic!("{command:?} by {actor:?} refused: {e:?} ({e})"),
        }
    }

    /// Runs a command that must be refused, and returns why. The state must not change.
    #[track_caller]
    pub fn refuse(&mut self, actor: Actor, command: Command) -> DomainError {
        let before = self.state.clone();
        match decide(&self.state, actor, &command, self.now) {
            Ok(events) => panic!("{command:?} by {actor:?} accepted: {events:?}"),
            Err(e) => {
                assert_eq!(self.state, before);
                e
            }
        }
    }

    pub fn join(&mut self, name: &str, department: u32) -> ParticipantId {
        let events = self.exec(
            Actor::Guest,
            Command::Join {
                name: name.into(),
                department: DepartmentId(department),
            },
        );
        match events.as_slice() {
            [Event::ParticipantJoined { participant }] => participant.id,
            other => panic!("unexpected join events {other:?}"),
        }
    }

    /// Moves forward one step at a time (through the facilitator) until `phase`.
    #[track_caller]
    pub fn advance_to(&mut self, phase: Phase) {
        while self.state.phase < phase {
            let next = self.state.next_phase().unwrap();
            self.exec(Actor::Facilitator, Command::SetPhase { phase: next });
        }
    }

    /// Puts the state into `phase` without the rules (the reducer never checks them):
    /// for testing what each phase refuses.
    pub fn force_phase(&mut self, phase: Phase) {
        let e = Event::PhaseChanged { phase };
        self.state.apply(&e);
        self.log.push(e);
    }

    pub fn submit_problem(&mut self, who: ParticipantId, text: &str) -> ProblemId {
        let events = self.exec(
            Actor::Participant(who),
            Command::SubmitProblem { text: text.into() },
        );
        match events.as_slice() {
            [Event::ProblemSubmitted { problem }] => problem.id,
            other => panic!("unexpected events {other:?}"),
        }
    }

    pub fn submit_idea(&mut self, who: ParticipantId, problem: ProblemId, text: &str) -> IdeaId {
        let events = self.exec(
            Actor::Participant(who),
            Command::SubmitIdea {
                problem,
                text: text.into(),
            },
        );
        match events.as_slice() {
            [Event::IdeaSubmitted { idea }] => idea.id,
            other => panic!("unexpected events {other:?}"),
        }
    }

    pub fn pick(&mut self, problem: ProblemId) {
        self.exec(
            Actor::Facilitator,
            Command::ConfirmPick {
                problem,
                picked: true,
            },
        );
    }

    pub fn vote(&mut self, who: ParticipantId, idea: IdeaId) -> Result<Vec<Event>, DomainError> {
        self.try_exec(Actor::Participant(who), Command::CastVote { idea })
    }
}

/// The standard cast of the unit tests.
///
/// Departments: 1 Sales, 2 Engineering, 3 Support.
/// Participants: 1 Alice (Sales), 2 Bob (Sales), 3 Carol (Engineering), 4 Dave (Support).
/// Problems (from the Problems phase on): 1 Sales (Alice), 2 Engineering (Carol), 3 Support (Dave).
/// Picks (from Ideas on): problems 1 and 2; problem 3 is not picked.
/// Ideas (from Vote on): 1 Carol→problem 1, 2 Alice→problem 2, 3 Dave→problem 1, 4 Dave→problem 2.
pub struct Cast;

impl Cast {
    pub const ALICE: ParticipantId = ParticipantId(1);
    pub const BOB: ParticipantId = ParticipantId(2);
    pub const CAROL: ParticipantId = ParticipantId(3);
    pub const DAVE: ParticipantId = ParticipantId(4);
    pub const SALES: DepartmentId = DepartmentId(1);
    pub const ENGINEERING: DepartmentId = DepartmentId(2);
    pub const SUPPORT: DepartmentId = DepartmentId(3);
    pub const P_SALES: ProblemId = ProblemId(1);
    pub const P_ENG: ProblemId = ProblemId(2);
    pub const P_SUPPORT: ProblemId = ProblemId(3);
    pub const I1: IdeaId = IdeaId(1);
    pub const I2: IdeaId = IdeaId(2);
    pub const I3: IdeaId = IdeaId(3);
    pub const I4: IdeaId = IdeaId(4);
}

pub fn p(id: ParticipantId) -> Actor {
    Actor::Participant(id)
}

/// An earlier summit, closed, with `open` open action items (of Sales, Support and a
/// department that no longer exists, in turn), one in progress with a note, and one
/// done (never carried over).
pub fn earlier_summit(open: usize) -> SessionState {
    let mut s = Summit::create(&["Sales", "Support", "Legal"], Settings::default());
    let alice = s.join("Alice", 1);
    s.advance_to(Phase::Problems);
    let problem = s.submit_problem(alice, "Promos nobody told support about");
    s.advance_to(Phase::Pick);
    s.pick(problem);
    s.advance_to(Phase::Plan);
    for i in 0..=open {
        let department = DepartmentId(1 + (i % 3) as u32);
        let mut d = draft(problem, None, department);
        d.title = format!("Earlier action {i}");
        if i == open {
            d.status = ActionStatus::Done;
        } else if i == 0 {
            d.status = ActionStatus::InProgress;
        }
        s.exec(Actor::Facilitator, Command::CreateAction { action: d });
    }
    if open > 0 {
        s.exec(
            Actor::Lead,
            Command::AddNote {
                id: ActionId(1),
                text: "Half the teams are on it".into(),
            },
        );
    }
    s.advance_to(Phase::Closed);
    s.state
}

/// The standard session, brought (through the rules) to `phase`.
pub fn standard_in(phase: Phase) -> Summit {
    standard_with(phase, Settings::default())
}

pub fn standard_with(phase: Phase, settings: Settings) -> Summit {
    let mut s = Summit::create(&["Sales", "Engineering", "Support"], settings);
    assert_eq!(s.join("Alice", 1), Cast::ALICE);
    assert_eq!(s.join("Bob", 1), Cast::BOB);
    assert_eq!(s.join("Carol", 2), Cast::CAROL);
    assert_eq!(s.join("Dave", 3), Cast::DAVE);
    if phase >= Phase::Problems {
        s.advance_to(Phase::Problems);
        assert_eq!(
            s.submit_problem(Cast::ALICE, "Leads go cold"),
            Cast::P_SALES
        );
        assert_eq!(s.submit_problem(Cast::CAROL, "Flaky deploys"), Cast::P_ENG);
        assert_eq!(
            s.submit_problem(Cast::DAVE, "Ticket backlog"),
            Cast::P_SUPPORT
        );
    }
    if phase >= Phase::Pick {
        s.advance_to(Phase::Pick);
    }
    if phase >= Phase::Ideas {
        s.pick(Cast::P_SALES);
        s.pick(Cast::P_ENG);
        s.advance_to(Phase::Ideas);
    }
    if phase >= Phase::Vote {
        assert_eq!(
            s.submit_idea(Cast::CAROL, Cast::P_SALES, "Weekly lead review"),
            Cast::I1
        );
        assert_eq!(
            s.submit_idea(Cast::ALICE, Cast::P_ENG, "Canary releases"),
            Cast::I2
        );
        assert_eq!(
            s.submit_idea(Cast::DAVE, Cast::P_SALES, "CRM reminders"),
            Cast::I3
        );
        assert_eq!(
            s.submit_idea(Cast::DAVE, Cast::P_ENG, "Pair on releases"),
            Cast::I4
        );
    }
    s.advance_to(phase);
    s
}

pub fn draft(problem: ProblemId, idea: Option<IdeaId>, department: DepartmentId) -> ActionDraft {
    ActionDraft {
        title: "Run a weekly lead review".into(),
        problem: Some(problem),
        idea,
        owner: "Alice".into(),
        department,
        due: Date::new(2026, 3, 31).unwrap(),
        status: ActionStatus::Open,
    }
}

// ---------------------------------------------------------------------------------
// Random scenarios
// ---------------------------------------------------------------------------------

/// Refers to an id: either a raw small number (may not exist) or the n-th existing one.
#[derive(Clone, Debug)]
pub enum Sel {
    Raw(u32),
    Existing(usize),
}

impl Sel {
    fn pick(&self, existing: &[u32]) -> u32 {
        match self {
            Sel::Raw(n) => *n,
            Sel::Existing(i) if existing.is_empty() => (*i as u32) % 3,
            Sel::Existing(i) => existing[i % existing.len()],
        }
    }
}

#[derive(Clone, Debug)]
pub enum PhaseSel {
    Next,
    Previous,
    Exact(Phase),
}

#[derive(Clone, Debug)]
pub struct DraftSel {
    pub title: String,
    pub problem: Sel,
    pub idea: Option<Sel>,
    pub owner: String,
    pub department: u32,
    pub due_day: u8,
    pub status: ActionStatus,
}

#[derive(Clone, Debug)]
pub struct SettingsSel {
    pub budget: u32,
    pub cap: u32,
    pub allow_own: bool,
    pub flip_anonymous: bool,
}

#[derive(Clone, Debug)]
pub enum Op {
    Join {
        name: String,
        department: u32,
    },
    SetPhase(PhaseSel),
    Rename {
        department: u32,
        name: String,
    },
    UpdateSettings(SettingsSel),
    StartTimer(u32),
    ClearTimer,
    SubmitProblem(String),
    WithdrawProblem(Sel),
    Support(Sel, bool),
    ConfirmPick(Sel, bool),
    SubmitIdea(Sel, String),
    WithdrawIdea(Sel),
    Cast(Sel),
    Retract(Sel),
    Move(Sel, Sel),
    CreateAction(DraftSel),
    UpdateAction(Sel, DraftSel),
    SetActionStatus(Sel, ActionStatus),
    DeleteAction(Sel),
    /// A participant (`Sel`) into department `u32`.
    MoveParticipant(Sel, u32),
    PauseTimer,
    ResumeTimer,
    ExtendTimer(u32),
    KeepTimer(bool),
    /// Put a problem on the projector alone (`Some`), or all of them again.
    Spotlight(Option<Sel>),
    SetDone(bool),
    /// The server says whether a participant (`Sel`) is online.
    SetPresence(Sel, bool),
    HideProblem(Sel, bool),
    HideIdea(Sel, bool),
    /// Merge one card into another: problems when `.0`, else ideas.
    Merge(bool, Sel, Sel),
    SuggestMerge(bool, Sel, Sel),
    DismissSuggestion(bool, Sel, Sel),
    /// A comment on a card (a problem when `.0`).
    AddComment(bool, Sel, String),
    React(bool, Sel, u8, bool),
    HideComment(Sel, bool),
    ProposeAction(DraftSel),
    ApproveAction(Sel, DraftSel),
    DeclineAction(Sel, String),
    /// A progress note on an action item.
    AddNote(Sel, String),
    /// A verdict (`.1` % 3: done, continue, drop) on a carried item, maybe with the
    /// department it continues in.
    ReviewCarried(Sel, u8, Option<u32>),
    /// Issue (`true`) or revoke a link: the follow-up link when `.1`, else the calendar.
    Link(bool, bool),
    /// Whatever fits the current phase (resolved against the state), so that random
    /// sequences get past Pick and spend real time voting: `.0` chooses among the
    /// fitting commands, `.1`/`.2` choose the things they refer to.
    Fitting(u32, usize, usize),
}

impl Op {
    fn for_facilitator(&self) -> bool {
        matches!(
            self,
            Op::SetPhase(_)
                | Op::Rename { .. }
                | Op::UpdateSettings(_)
                | Op::StartTimer(_)
                | Op::ClearTimer
                | Op::PauseTimer
                | Op::ResumeTimer
                | Op::ExtendTimer(_)
                | Op::KeepTimer(_)
                | Op::Spotlight(_)
                | Op::ConfirmPick(..)
                | Op::HideProblem(..)
                | Op::HideIdea(..)
                | Op::Merge(..)
                | Op::DismissSuggestion(..)
                | Op::HideComment(..)
                | Op::ApproveAction(..)
                | Op::DeclineAction(..)
                | Op::CreateAction(_)
                | Op::UpdateAction(..)
                | Op::SetActionStatus(..)
                | Op::DeleteAction(_)
                | Op::AddNote(..)
                | Op::ReviewCarried(..)
                | Op::Link(..)
        )
    }
}

/// Who sends a step's command.
#[derive(Clone, Debug)]
pub enum ActorSel {
    /// Whoever would normally send it: the facilitator for facilitator commands, a
    /// guest for joins, the n-th participant otherwise.
    Natural(usize),
    Facilitator,
    /// A participant id, which may not exist.
    Participant(u32),
    Guest,
    Server,
    /// Someone with the follow-up link.
    Lead,
}

#[derive(Clone, Debug)]
pub struct Step {
    pub actor: ActorSel,
    pub op: Op,
}

#[derive(Clone, Debug)]
pub struct Scenario {
    pub departments: Vec<String>,
    pub settings: Settings,
    /// What the session may hold (often small, so the limits are reached).
    pub bounds: limits::Bounds,
    /// Department index (1-based) of each participant joining at the start.
    pub members: Vec<u32>,
    pub steps: Vec<Step>,
    /// Open action items carried over from an earlier summit (0: no Review phase).
    pub carried: usize,
}

fn sel() -> impl Strategy<Value = Sel> {
    prop_oneof![
        3 => (0u32..=6).prop_map(Sel::Raw),
        7 => (0usize..16).prop_map(Sel::Existing),
    ]
}

/// Cheap text (regex strategies are slow in debug builds): a few words, some with
/// multi-byte characters, some blank, some too long for any one-line field.
fn short_text() -> impl Strategy<Value = String> {
    const WORDS: &[&str] = &[
        "Sales",
        "sales",
        "Support",
        "Ops",
        "Late invoices",
        "Slow builds",
        "Café",
        "😀 ideas",
        "  padded  ",
        "Ärzte",
        "x",
        "Too many meetings",
    ];
    prop_oneof![
        12 => prop::sample::select(WORDS).prop_map(str::to_owned),
        1 => Just(String::new()),
        1 => Just(" \t\n ".to_owned()),
        1 => Just("😀".repeat(limits::TITLE_MAX + 1)),
    ]
}

/// Free text: mostly short, rarely exactly at or one past the 1000-character limit.
fn long_text() -> impl Strategy<Value = String> {
    prop_oneof![
        30 => short_text(),
        2 => Just("Two\nlines".to_owned()),
        1 => Just("😀".repeat(limits::TEXT_MAX)),
        1 => Just("😀".repeat(limits::TEXT_MAX + 1)),
    ]
}

fn phase() -> impl Strategy<Value = Phase> {
    (0usize..Phase::ALL.len()).prop_map(|i| Phase::ALL[i])
}

fn status() -> impl Strategy<Value = ActionStatus> {
    (0usize..3).prop_map(|i| ActionStatus::ALL[i])
}

fn draft_sel() -> impl Strategy<Value = DraftSel> {
    (
        short_text(),
        sel(),
        proptest::option::of(sel()),
        short_text(),
        0u32..=4,
        1u8..=28,
        status(),
    )
        .prop_map(
            |(title, problem, idea, owner, department, due_day, status)| DraftSel {
                title,
                problem,
                idea,
                owner,
                department,
                due_day,
                status,
            },
        )
}

fn settings_sel() -> impl Strategy<Value = SettingsSel> {
    (0u32..=8, 0u32..=8, any::<bool>(), prop::bool::weighted(0.1)).prop_map(
        |(budget, cap, allow_own, flip_anonymous)| SettingsSel {
            budget,
            cap,
            allow_own,
            flip_anonymous,
        },
    )
}

/// Any command, phase-fitting or not.
pub fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (any::<u32>(), 0usize..64, 0usize..64).prop_map(|(k, a, b)| Op::Fitting(k, a, b)),
        2 => random_op(),
    ]
}

/// Any command, with no regard for the phase.
pub fn random_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (short_text(), 0u32..=4).prop_map(|(name, department)| Op::Join { name, department }),
        4 => Just(Op::SetPhase(PhaseSel::Next)),
        2 => Just(Op::SetPhase(PhaseSel::Previous)),
        1 => phase().prop_map(|p| Op::SetPhase(PhaseSel::Exact(p))),
        1 => (0u32..=4, prop_oneof![Just("Sales".to_owned()), Just("sales".to_owned()), short_text()])
            .prop_map(|(department, name)| Op::Rename { department, name }),
        2 => settings_sel().prop_map(Op::UpdateSettings),
        1 => (0u32..=20_000).prop_map(Op::StartTimer),
        1 => Just(Op::ClearTimer),
        8 => long_text().prop_map(Op::SubmitProblem),
        2 => sel().prop_map(Op::WithdrawProblem),
        5 => (sel(), any::<bool>()).prop_map(|(s, b)| Op::Support(s, b)),
        6 => (sel(), prop::bool::weighted(0.8)).prop_map(|(s, b)| Op::ConfirmPick(s, b)),
        10 => (sel(), long_text()).prop_map(|(s, t)| Op::SubmitIdea(s, t)),
        3 => sel().prop_map(Op::WithdrawIdea),
        24 => sel().prop_map(Op::Cast),
        5 => sel().prop_map(Op::Retract),
        6 => (sel(), sel()).prop_map(|(a, b)| Op::Move(a, b)),
        4 => draft_sel().prop_map(Op::CreateAction),
        2 => (sel(), draft_sel()).prop_map(|(s, d)| Op::UpdateAction(s, d)),
        2 => (sel(), status()).prop_map(|(s, st)| Op::SetActionStatus(s, st)),
        1 => sel().prop_map(Op::DeleteAction),
        2 => (sel(), 0u32..=4).prop_map(|(s, d)| Op::MoveParticipant(s, d)),
        1 => Just(Op::PauseTimer),
        1 => Just(Op::ResumeTimer),
        1 => prop_oneof![Just(60u32), 0u32..=20_000].prop_map(Op::ExtendTimer),
        1 => any::<bool>().prop_map(Op::KeepTimer),
        1 => proptest::option::of(sel()).prop_map(Op::Spotlight),
        3 => any::<bool>().prop_map(Op::SetDone),
        3 => (sel(), any::<bool>()).prop_map(|(s, b)| Op::SetPresence(s, b)),
        3 => (sel(), any::<bool>()).prop_map(|(s, b)| Op::HideProblem(s, b)),
        4 => (sel(), any::<bool>()).prop_map(|(s, b)| Op::HideIdea(s, b)),
        3 => (any::<bool>(), sel(), sel()).prop_map(|(k, a, b)| Op::Merge(k, a, b)),
        3 => (any::<bool>(), sel(), sel()).prop_map(|(k, a, b)| Op::SuggestMerge(k, a, b)),
        1 => (any::<bool>(), sel(), sel()).prop_map(|(k, a, b)| Op::DismissSuggestion(k, a, b)),
        4 => (any::<bool>(), sel(), short_text()).prop_map(|(k, s, t)| Op::AddComment(k, s, t)),
        4 => (any::<bool>(), sel(), 0u8..4, any::<bool>()).prop_map(|(k, s, r, on)| Op::React(k, s, r, on)),
        2 => (sel(), any::<bool>()).prop_map(|(s, h)| Op::HideComment(s, h)),
        4 => draft_sel().prop_map(Op::ProposeAction),
        2 => (sel(), draft_sel()).prop_map(|(s, d)| Op::ApproveAction(s, d)),
        2 => (sel(), short_text()).prop_map(|(s, r)| Op::DeclineAction(s, r)),
        2 => (sel(), short_text()).prop_map(|(s, t)| Op::AddNote(s, t)),
        2 => (sel(), 0u8..3, prop::option::of(0u32..=4)).prop_map(|(s, v, d)| Op::ReviewCarried(s, v, d)),
        1 => (any::<bool>(), any::<bool>()).prop_map(|(issue, follow_up)| Op::Link(issue, follow_up)),
    ]
}

fn actor_sel() -> impl Strategy<Value = ActorSel> {
    prop_oneof![
        16 => (0usize..16).prop_map(ActorSel::Natural),
        1 => Just(ActorSel::Facilitator),
        2 => (0u32..=8).prop_map(ActorSel::Participant),
        1 => Just(ActorSel::Guest),
        1 => Just(ActorSel::Server),
        1 => Just(ActorSel::Lead),
    ]
}

pub fn step() -> impl Strategy<Value = Step> {
    (actor_sel(), op()).prop_map(|(actor, op)| Step { actor, op })
}

/// Settings a session may be created with (always valid).
pub fn valid_settings() -> impl Strategy<Value = Settings> {
    (1u32..=6, any::<u32>(), any::<bool>(), any::<bool>()).prop_map(
        |(vote_budget, cap, allow_own_department_ideas, anonymous)| Settings {
            vote_budget,
            vote_cap_per_idea: 1 + cap % vote_budget,
            allow_own_department_ideas,
            anonymous,
            names_at_plan: (cap / 7).is_multiple_of(2),
            language: Default::default(),
        },
    )
}

/// A session's bounds: the defaults, or small ones that random steps reach.
pub fn bounds() -> impl Strategy<Value = limits::Bounds> {
    prop_oneof![
        Just(limits::Bounds::default()),
        (2u32..=8, 1u32..=4, 1u32..=4, 4u32..=40, 1u32..=6).prop_map(
            |(participants, problems, ideas, cards, actions)| limits::Bounds {
                participants,
                problems_per_participant: problems,
                ideas_per_participant: ideas,
                cards,
                actions,
            }
        ),
    ]
}

/// Facilitator plus 2–6 participants across 2–3 departments, then up to `max_steps` steps.
pub fn scenario(max_steps: usize) -> impl Strategy<Value = Scenario> {
    (
        2usize..=3,
        valid_settings(),
        bounds(),
        prop_oneof![3 => Just(0usize), 1 => 1usize..=4],
    )
        .prop_flat_map(move |(departments, settings, bounds, carried)| {
            (
                Just(departments),
                Just(settings),
                Just(bounds),
                prop::collection::vec(1u32..=departments as u32, 2..=6),
                prop::collection::vec(step(), 0..=max_steps),
                Just(carried),
            )
        })
        .prop_map(
            |(departments, settings, bounds, members, steps, carried)| Scenario {
                carried,
                departments: ["Sales", "Engineering", "Support"][..departments]
                    .iter()
                    .map(|d| d.to_string())
                    .collect(),
                settings,
                bounds,
                members,
                steps,
            },
        )
}

fn nth<T: Copy>(items: &[T], i: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[i % items.len()])
}

/// A command that fits the current phase, and who would naturally send it.
fn fitting(state: &SessionState, k: u32, a: usize, b: usize) -> (Option<Actor>, Command) {
    let next = Command::SetPhase {
        phase: state.next_phase().unwrap_or(Phase::Plan),
    };
    let previous = Command::SetPhase {
        phase: state.previous_phase().unwrap_or(Phase::Lobby),
    };
    // The facilitator tunes the vote settings (valid ones, often smaller).
    let budget = 1 + (a as u32 % 6);
    let adjust_votes = Command::UpdateSettings {
        settings: Settings {
            vote_budget: budget,
            vote_cap_per_idea: 1 + (b as u32 % budget),
            ..state.settings.clone()
        },
    };
    let members: Vec<&Participant> = state.participants.values().collect();
    let someone = |i: usize| nth(&members, i).map(|m| Actor::Participant(m.id));
    let picked: Vec<&Problem> = state.picked_problems().collect();
    let live_ideas: Vec<IdeaId> = state.live_ideas().map(|i| i.id).collect();
    match state.phase {
        Phase::Lobby if k.is_multiple_of(4) => (None, next),
        Phase::Review if k.is_multiple_of(3) => (None, next),
        Phase::Review => {
            let carried: Vec<ActionId> = state.carried_actions().map(|a| a.id).collect();
            match nth(&carried, a) {
                Some(id) => (
                    None,
                    Command::ReviewCarried {
                        id,
                        verdict: Verdict::ALL[b % 3],
                        department: (k % 5 == 1).then_some(DepartmentId(1 + (b % 3) as u32)),
                    },
                ),
                None => (None, next),
            }
        }
        Phase::Lobby => (
            None,
            Command::Join {
                name: format!("Guest {k}"),
                department: DepartmentId(1 + (a % state.departments.len().max(1)) as u32),
            },
        ),
        Phase::Problems if k.is_multiple_of(7) => (None, next),
        Phase::Problems if k % 7 == 3 => merge_fitting(state, true, k, a, b),
        Phase::Problems if k % 7 == 5 => discuss_fitting(state, k, a, b),
        Phase::Problems if k % 7 == 6 => (None, tighten(state, b)),
        Phase::Problems => (
            someone(a),
            Command::SubmitProblem {
                text: format!("Problem {k}"),
            },
        ),
        Phase::Pick => {
            let problems: Vec<&Problem> =
                state.problems.values().filter(|p| !p.withdrawn).collect();
            let hidden: Vec<&Problem> = state.hidden_problems().collect();
            match (k % 8, nth(&problems, a)) {
                (_, None) => (None, previous),
                (0, _) => (None, next),
                (6 | 7, _) => merge_fitting(state, true, k, a, b),
                (2, Some(p)) => (
                    None,
                    Command::HideProblem {
                        problem: p.id,
                        hidden: true,
                    },
                ),
                (3, Some(p)) => (
                    None,
                    Command::HideProblem {
                        problem: nth(&hidden, b).map_or(p.id, |h| h.id),
                        hidden: false,
                    },
                ),
                (1, Some(p)) => {
                    let member = state.members(p.department).nth(b % members.len().max(1));
                    (
                        member.map(|m| Actor::Participant(m.id)),
                        Command::SupportProblem {
                            problem: p.id,
                            support: true,
                        },
                    )
                }
                (_, Some(p)) => (
                    None,
                    Command::ConfirmPick {
                        problem: p.id,
                        picked: true,
                    },
                ),
            }
        }
        Phase::Ideas if k % 8 == 1 => (None, adjust_votes),
        Phase::Ideas if k % 8 == 2 => merge_fitting(state, false, k, a, b),
        Phase::Ideas if k % 8 == 3 => discuss_fitting(state, k, a, b),
        Phase::Ideas if k % 8 == 4 => (None, tighten(state, b)),
        Phase::Ideas => match nth(&picked, a) {
            Some(p) if !k.is_multiple_of(8) => {
                let outsiders: Vec<&Participant> = members
                    .iter()
                    .copied()
                    .filter(|m| m.department != p.department)
                    .collect();
                (
                    nth(&outsiders, b).map(|m| Actor::Participant(m.id)),
                    Command::SubmitIdea {
                        problem: p.id,
                        text: format!("Idea {k}"),
                    },
                )
            }
            _ => (None, next),
        },
        Phase::Vote => match (k % 24, nth(&live_ideas, a), nth(&live_ideas, b)) {
            (0, _, _) | (_, None, _) | (_, _, None) => (None, next),
            (1, _, _) => (None, previous),
            (2..=4, Some(from), Some(to)) => {
                (someone(k as usize / 24), Command::MoveVote { from, to })
            }
            (5..=6, Some(idea), _) => (someone(k as usize / 24), Command::RetractVote { idea }),
            (7, Some(idea), _) => (None, Command::HideIdea { idea, hidden: true }),
            (8, Some(idea), _) => {
                let hidden: Vec<IdeaId> = state.hidden_ideas().map(|i| i.id).collect();
                let idea = nth(&hidden, b).unwrap_or(idea);
                (
                    None,
                    Command::HideIdea {
                        idea,
                        hidden: false,
                    },
                )
            }
            (9, _, _) => {
                // Someone takes back a dot from an idea no longer in view.
                let stranded: Vec<(ParticipantId, IdeaId)> = state
                    .participants
                    .keys()
                    .flat_map(|p| {
                        state
                            .stranded_votes(*p)
                            .into_iter()
                            .map(move |(i, _)| (*p, i))
                    })
                    .collect();
                match nth(&stranded, a) {
                    Some((who, idea)) => {
                        (Some(Actor::Participant(who)), Command::RetractVote { idea })
                    }
                    None => (None, next),
                }
            }
            (_, Some(idea), _) => (someone(k as usize / 24), Command::CastVote { idea }),
        },
        Phase::Plan => {
            let problems: Vec<&Problem> = state.problems.values().collect();
            match (k % 8, nth(&problems, a)) {
                (0, _) | (_, None) => (None, next),
                (1, _) => (None, previous),
                (2, _) => discuss_fitting(state, k, a, b),
                (_, Some(p)) => {
                    let ideas: Vec<IdeaId> = state
                        .ideas
                        .values()
                        .filter(|i| i.problem == p.id)
                        .map(|i| i.id)
                        .collect();
                    let action = ActionDraft {
                        title: format!("Action {k}"),
                        problem: Some(p.id),
                        idea: nth(&ideas, b),
                        owner: "Owner".into(),
                        department: p.department,
                        due: Date::new(2026, 7, 1 + (k % 28) as u8).unwrap(),
                        status: ActionStatus::ALL[b % 3],
                    };
                    (None, Command::CreateAction { action })
                }
            }
        }
        Phase::Closed => closed_fitting(state, k, a),
    }
}

/// After the summit: a lead or the facilitator follows an agreed item up, the
/// facilitator hands out a link, or reopens the summit.
fn closed_fitting(state: &SessionState, k: u32, a: usize) -> (Option<Actor>, Command) {
    let agreed: Vec<ActionId> = state.agreed_actions().map(|a| a.id).collect();
    let who = if k.is_multiple_of(3) {
        Actor::Facilitator
    } else {
        Actor::Lead
    };
    match (k % 5, nth(&agreed, a)) {
        (1, Some(id)) => (
            Some(who),
            Command::SetActionStatus {
                id,
                status: ActionStatus::ALL[a % 3],
            },
        ),
        (2, Some(id)) => (
            Some(who),
            Command::AddNote {
                id,
                text: format!("Note {k}"),
            },
        ),
        (3, _) => (
            None,
            Command::IssueLink {
                link: LinkKind::FollowUp,
            },
        ),
        _ => (None, Command::SetPhase { phase: Phase::Plan }),
    }
}

/// The facilitator makes the session anonymous, or anonymous until Plan.
fn tighten(state: &SessionState, b: usize) -> Command {
    Command::UpdateSettings {
        settings: Settings {
            anonymous: true,
            names_at_plan: b.is_multiple_of(2),
            ..state.settings.clone()
        },
    }
}

/// A comment or a reaction on a live card from a participant, or the facilitator
/// hiding or restoring a comment, as `k` says.
fn discuss_fitting(state: &SessionState, k: u32, a: usize, b: usize) -> (Option<Actor>, Command) {
    let cards: Vec<Card> = state
        .live_problems()
        .map(|p| Card::Problem(p.id))
        .chain(state.live_ideas().map(|i| Card::Idea(i.id)))
        .collect();
    let Some(card) = nth(&cards, a) else {
        return (None, Command::ClearTimer {});
    };
    let members: Vec<ParticipantId> = state.participants.keys().copied().collect();
    let who = nth(&members, b).map(Actor::Participant);
    let comment = Command::AddComment {
        card,
        text: format!("Comment {k}"),
    };
    match (k / 8) % 4 {
        0 | 1 => (who, comment),
        2 => (
            who,
            Command::React {
                card,
                reaction: Reaction::ALL[b % Reaction::ALL.len()],
                on: !k.is_multiple_of(3),
            },
        ),
        _ => {
            let comments: Vec<&Comment> = state.comments.values().collect();
            match nth(&comments, a) {
                Some(c) => (
                    None,
                    Command::HideComment {
                        comment: c.id,
                        hidden: !c.hidden,
                    },
                ),
                None => (who, comment),
            }
        }
    }
}

/// A merge of two live cards of one group (`problems`, else ideas), suggested by a
/// participant, dismissed, or made by the facilitator, as `k` says.
fn merge_fitting(
    state: &SessionState,
    problems: bool,
    k: u32,
    a: usize,
    b: usize,
) -> (Option<Actor>, Command) {
    let live: Vec<(u32, Card)> = if problems {
        state
            .live_problems()
            .map(|p| (p.department.0, Card::Problem(p.id)))
            .collect()
    } else {
        state
            .live_ideas()
            .map(|i| (i.problem.0, Card::Idea(i.id)))
            .collect()
    };
    let Some((group, card)) = nth(&live, a) else {
        return (None, Command::ClearTimer {});
    };
    let peers: Vec<Card> = live
        .iter()
        .filter(|(g, c)| *g == group && *c != card)
        .map(|(_, c)| *c)
        .collect();
    let into = nth(&peers, b).unwrap_or(card);
    let members: Vec<ParticipantId> = state.participants.keys().copied().collect();
    match (k / 8) % 3 {
        0 => (
            nth(&members, b).map(Actor::Participant),
            Command::SuggestMerge { card, into },
        ),
        1 => match state.suggestions.get(a % state.suggestions.len().max(1)) {
            Some(s) if k.is_multiple_of(2) => (
                None,
                Command::DismissSuggestion {
                    card: s.card,
                    into: s.into,
                },
            ),
            Some(s) => (
                None,
                Command::Merge {
                    card: s.card,
                    into: s.into,
                },
            ),
            None => (None, Command::Merge { card, into }),
        },
        _ => (None, Command::Merge { card, into }),
    }
}

/// Turns a step into a concrete actor and command, against the current state.
pub fn resolve(state: &SessionState, step: &Step) -> (Actor, Command) {
    if let Op::Fitting(k, a, b) = step.op {
        let (natural, command) = fitting(state, k, a, b);
        let natural = natural.unwrap_or(match command {
            Command::Join { .. } => Actor::Guest,
            _ => Actor::Facilitator,
        });
        let actor = match step.actor {
            ActorSel::Natural(_) => natural,
            ActorSel::Facilitator => Actor::Facilitator,
            ActorSel::Participant(id) => Actor::Participant(ParticipantId(id)),
            ActorSel::Guest => Actor::Guest,
            ActorSel::Server => Actor::Server,
            ActorSel::Lead => Actor::Lead,
        };
        return (actor, command);
    }
    let problems: Vec<u32> = state.problems.keys().map(|id| id.0).collect();
    let problems_ids = problems.clone();
    let comments: Vec<u32> = state.comments.keys().map(|id| id.0).collect();
    let ideas: Vec<u32> = state.ideas.keys().map(|id| id.0).collect();
    let actions: Vec<u32> = state.actions.keys().map(|id| id.0).collect();
    let participants: Vec<u32> = state.participants.keys().map(|id| id.0).collect();
    let draft = |d: &DraftSel| ActionDraft {
        title: d.title.clone(),
        problem: Some(ProblemId(d.problem.pick(&problems))),
        idea: d.idea.as_ref().map(|s| IdeaId(s.pick(&ideas))),
        owner: d.owner.clone(),
        department: DepartmentId(d.department),
        due: Date::new(2026, 6, d.due_day).unwrap(),
        status: d.status,
    };
    let command = match &step.op {
        Op::Join { name, department } => Command::Join {
            name: name.clone(),
            department: DepartmentId(*department),
        },
        Op::SetPhase(which) => Command::SetPhase {
            phase: match which {
                PhaseSel::Next => state.next_phase().unwrap_or(Phase::Lobby),
                PhaseSel::Previous => state.previous_phase().unwrap_or(Phase::Closed),
                PhaseSel::Exact(p) => *p,
            },
        },
        Op::Rename { department, name } => Command::RenameDepartment {
            department: DepartmentId(*department),
            name: name.clone(),
        },
        Op::UpdateSettings(s) => Command::UpdateSettings {
            settings: Settings {
                vote_budget: s.budget,
                vote_cap_per_idea: s.cap,
                allow_own_department_ideas: s.allow_own,
                anonymous: state.settings.anonymous ^ s.flip_anonymous,
                names_at_plan: state.settings.names_at_plan
                    ^ (s.flip_anonymous && s.budget % 2 == 1),
                language: Default::default(),
            },
        },
        Op::StartTimer(seconds) => Command::StartTimer { seconds: *seconds },
        Op::ClearTimer => Command::ClearTimer {},
        Op::SubmitProblem(text) => Command::SubmitProblem { text: text.clone() },
        Op::WithdrawProblem(s) => Command::WithdrawProblem {
            problem: ProblemId(s.pick(&problems)),
        },
        Op::Support(s, support) => Command::SupportProblem {
            problem: ProblemId(s.pick(&problems)),
            support: *support,
        },
        Op::ConfirmPick(s, picked) => Command::ConfirmPick {
            problem: ProblemId(s.pick(&problems)),
            picked: *picked,
        },
        Op::SubmitIdea(s, text) => Command::SubmitIdea {
            problem: ProblemId(s.pick(&problems)),
            text: text.clone(),
        },
        Op::WithdrawIdea(s) => Command::WithdrawIdea {
            idea: IdeaId(s.pick(&ideas)),
        },
        Op::HideProblem(s, hidden) => Command::HideProblem {
            problem: ProblemId(s.pick(&problems)),
            hidden: *hidden,
        },
        Op::HideIdea(s, hidden) => Command::HideIdea {
            idea: IdeaId(s.pick(&ideas)),
            hidden: *hidden,
        },
        Op::Merge(problems, a, b) => Command::Merge {
            card: card_of(*problems, a, &problems_ids, &ideas),
            into: card_of(*problems, b, &problems_ids, &ideas),
        },
        Op::SuggestMerge(problems, a, b) => Command::SuggestMerge {
            card: card_of(*problems, a, &problems_ids, &ideas),
            into: card_of(*problems, b, &problems_ids, &ideas),
        },
        Op::DismissSuggestion(problems, a, b) => Command::DismissSuggestion {
            card: card_of(*problems, a, &problems_ids, &ideas),
            into: card_of(*problems, b, &problems_ids, &ideas),
        },
        Op::AddComment(problem, s, text) => Command::AddComment {
            card: card_of(*problem, s, &problems_ids, &ideas),
            text: text.clone(),
        },
        Op::React(problem, s, r, on) => Command::React {
            card: card_of(*problem, s, &problems_ids, &ideas),
            reaction: Reaction::ALL[usize::from(*r) % Reaction::ALL.len()],
            on: *on,
        },
        Op::HideComment(s, hidden) => Command::HideComment {
            comment: CommentId(s.pick(&comments)),
            hidden: *hidden,
        },
        Op::Cast(s) => Command::CastVote {
            idea: IdeaId(s.pick(&ideas)),
        },
        Op::Retract(s) => Command::RetractVote {
            idea: IdeaId(s.pick(&ideas)),
        },
        Op::Move(a, b) => Command::MoveVote {
            from: IdeaId(a.pick(&ideas)),
            to: IdeaId(b.pick(&ideas)),
        },
        Op::CreateAction(d) => Command::CreateAction { action: draft(d) },
        Op::UpdateAction(s, d) => Command::UpdateAction {
            id: ActionId(s.pick(&actions)),
            action: draft(d),
        },
        Op::SetActionStatus(s, status) => Command::SetActionStatus {
            id: ActionId(s.pick(&actions)),
            status: *status,
        },
        Op::DeleteAction(s) => Command::DeleteAction {
            id: ActionId(s.pick(&actions)),
        },
        Op::ProposeAction(d) => Command::ProposeAction { action: draft(d) },
        Op::ApproveAction(s, d) => Command::ApproveAction {
            id: ActionId(s.pick(&actions)),
            action: draft(d),
        },
        Op::DeclineAction(s, reason) => Command::DeclineAction {
            id: ActionId(s.pick(&actions)),
            reason: reason.clone(),
        },
        Op::AddNote(s, text) => Command::AddNote {
            id: ActionId(s.pick(&actions)),
            text: text.clone(),
        },
        Op::ReviewCarried(s, verdict, department) => Command::ReviewCarried {
            id: ActionId(s.pick(&actions)),
            verdict: Verdict::ALL[*verdict as usize % 3],
            department: department.map(DepartmentId),
        },
        Op::Link(issue, follow_up) => {
            let link = if *follow_up {
                LinkKind::FollowUp
            } else {
                LinkKind::Calendar
            };
            if *issue {
                Command::IssueLink { link }
            } else {
                Command::RevokeLink { link }
            }
        }
        Op::MoveParticipant(s, department) => Command::MoveParticipant {
            participant: ParticipantId(s.pick(&participants)),
            department: DepartmentId(*department),
        },
        Op::PauseTimer => Command::PauseTimer {},
        Op::ResumeTimer => Command::ResumeTimer {},
        Op::ExtendTimer(seconds) => Command::ExtendTimer { seconds: *seconds },
        Op::KeepTimer(keep) => Command::KeepTimer { keep: *keep },
        Op::Spotlight(s) => Command::Spotlight {
            problem: s.as_ref().map(|s| ProblemId(s.pick(&problems))),
        },
        Op::SetDone(done) => Command::SetDone { done: *done },
        Op::SetPresence(s, online) => Command::SetPresence {
            participant: ParticipantId(s.pick(&participants)),
            online: *online,
        },
        Op::Fitting(..) => unreachable!("resolved above"),
    };
    let actor = match &step.actor {
        ActorSel::Natural(_) if matches!(step.op, Op::Join { .. }) => Actor::Guest,
        ActorSel::Natural(_) if matches!(step.op, Op::SetPresence(..)) => Actor::Server,
        ActorSel::Natural(_) if step.op.for_facilitator() => Actor::Facilitator,
        ActorSel::Natural(i) => match participants.len() {
            0 => Actor::Participant(ParticipantId(1)),
            n => Actor::Participant(ParticipantId(participants[i % n])),
        },
        ActorSel::Facilitator => Actor::Facilitator,
        ActorSel::Participant(id) => Actor::Participant(ParticipantId(*id)),
        ActorSel::Guest => Actor::Guest,
        ActorSel::Server => Actor::Server,
        ActorSel::Lead => Actor::Lead,
    };
    (actor, command)
}

fn card_of(problem: bool, s: &Sel, problems: &[u32], ideas: &[u32]) -> Card {
    if problem {
        Card::Problem(ProblemId(s.pick(problems)))
    } else {
        Card::Idea(IdeaId(s.pick(ideas)))
    }
}

/// One executed step.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub actor: Actor,
    pub command: Command,
    pub result: Result<Vec<Event>, DomainError>,
}

/// Drives a scenario: creates the session, lets the members join, then runs the steps.
/// `each` sees the state after every command (accepted or refused) and the outcome.
pub fn play(scenario: &Scenario, mut each: impl FnMut(&Summit, &Outcome)) -> Summit {
    let names: Vec<&str> = scenario.departments.iter().map(String::as_str).collect();
    let earlier = (scenario.carried > 0).then(|| earlier_summit(scenario.carried));
    let mut s = Summit::carrying(&names, scenario.settings.clone(), earlier.as_ref());
    // The server sets a session's bounds when it loads it, before any command.
    s.state.bounds = scenario.bounds;
    let joins = scenario.members.iter().enumerate().map(|(i, d)| Step {
        actor: ActorSel::Guest,
        op: Op::Join {
            name: format!("Member {i}"),
            department: *d,
        },
    });
    for step in joins.chain(scenario.steps.iter().cloned()) {
        let (actor, command) = resolve(&s.state, &step);
        let result = s.try_exec(actor, command.clone());
        each(
            &s,
            &Outcome {
                actor,
                command,
                result,
            },
        );
    }
    s
}
