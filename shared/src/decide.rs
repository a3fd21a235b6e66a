//! The rules of a summit: [`decide`] checks a command against the current state and
//! answers with the events it causes, or why it is refused.
//!
//! `decide` is pure (time comes in as an argument, and only stamps events), so the
//! server can run it under a per-session lock and tests can run millions of random
//! sequences through it. Each command is checked by one of the questions in
//! [`crate::rules`], which the browser asks too before it shows a control; what is
//! left here is what an accepted command causes.

use crate::command::{Actor, Command, SessionSetup};
use crate::error::DomainError;
use crate::event::Event;
use crate::ids::{ActionId, CommentId, DepartmentId, IdeaId, ParticipantId, ProblemId};
use crate::limits::{self, Field};
use crate::model::{
    CarriedFrom, Comment, Department, Idea, NoteAuthor, Participant, Problem, ProgressNote,
    Suggestion,
};
use crate::phase::Phase;
use crate::rules::ensure_unique_department;
use crate::state::SessionState;

/// An earlier summit a new one carries its open action items over from
/// (`setup.carry_from`, read by the caller): as the caller may see it, and by what
/// right.
pub struct Earlier<'a> {
    pub state: &'a SessionState,
    pub from: CarriedFrom,
}

/// Validates a new session and returns its first event.
pub fn create_session(
    setup: &SessionSetup,
    earlier: Option<Earlier<'_>>,
    now: i64,
) -> Result<Event, DomainError> {
    let title = limits::clean(Field::Title, &setup.title)?;
    if !(limits::DEPARTMENTS_MIN..=limits::DEPARTMENTS_MAX).contains(&setup.departments.len()) {
        return Err(DomainError::DepartmentCount {
            min: limits::DEPARTMENTS_MIN,
            max: limits::DEPARTMENTS_MAX,
        });
    }
    let mut departments: Vec<Department> = Vec::with_capacity(setup.departments.len());
    for (i, raw) in setup.departments.iter().enumerate() {
        let name = limits::clean(Field::Department, raw)?;
        ensure_unique_department(departments.iter(), &name)?;
        departments.push(Department {
            id: DepartmentId(i as u32 + 1),
            name,
        });
    }
    setup.settings.validate()?;
    let (carried, carried_from) = match earlier {
        Some(e) => {
            let carried = e.state.carry_over(&departments);
            let from = (!carried.is_empty()).then_some(e.from);
            (carried, from)
        }
        None => (Vec::new(), None),
    };
    Ok(Event::SessionCreated {
        title,
        departments,
        settings: setup.settings.clone(),
        at: now,
        carried,
        carried_from,
    })
}

/// Checks `command` from `actor` against `state` at time `now` (Unix milliseconds).
pub fn decide(
    state: &SessionState,
    actor: Actor,
    command: &Command,
    now: i64,
) -> Result<Vec<Event>, DomainError> {
    // A closed summit is followed up (action items, links) or reopened, no more.
    if !command.follows_up() {
        state.ensure_open()?;
    }
    match command {
        Command::Join { name, department } => {
            state.may_join()?;
            let name = limits::clean(Field::Name, name)?;
            state
                .department(*department)
                .ok_or(DomainError::UnknownDepartment)?;
            Ok(vec![Event::ParticipantJoined {
                participant: Participant {
                    id: ParticipantId(state.next.participant.max(1)),
                    name,
                    department: *department,
                    joined_at: now,
                },
            }])
        }
        Command::SetPhase { phase } => {
            state.may_set_phase(actor, *phase)?;
            let mut events = vec![Event::PhaseChanged { phase: *phase }];
            // Tallies are published on the move from Vote to Plan, and the names of
            // an "anonymous until Plan" session with them.
            if state.phase == Phase::Vote && *phase == Phase::Plan {
                events.push(Event::VotesRevealed {
                    tallies: state.compute_tallies(),
                });
                if state.names_hidden() && state.settings.names_at_plan {
                    events.push(Event::NamesRevealed {
                        problems: state.problems.values().cloned().collect(),
                        ideas: state.ideas.values().cloned().collect(),
                        comments: state.comments.values().cloned().collect(),
                        voters: state.voters.iter().map(|(p, n)| (*p, *n)).collect(),
                        proposers: state
                            .actions
                            .values()
                            .filter_map(|a| Some((a.id, a.proposer()?, a.is_declined())))
                            .collect(),
                    });
                }
            }
            Ok(events)
        }
        Command::RenameDepartment { department, name } => {
            let name = state.may_rename(actor, *department, name)?;
            Ok(vec![Event::DepartmentRenamed {
                department: *department,
                name,
            }])
        }
        Command::UpdateSettings { settings } => {
            state.may_facilitate(actor)?;
            state.check_settings(settings)?;
            let mut events = vec![Event::SettingsChanged {
                settings: settings.clone(),
            }];
            // Names shown so far are withdrawn from every viewer.
            if settings.anonymous && !state.names_hidden() && !state.names_revealed {
                events.push(Event::NamesHidden);
            }
            Ok(events)
        }
        Command::StartTimer { seconds } => {
            state.may_start_timer(actor, *seconds)?;
            Ok(vec![Event::TimerStarted {
                ends_at: now.saturating_add(i64::from(*seconds) * 1000),
                seconds: *seconds,
            }])
        }
        Command::ClearTimer {} => {
            state.may_facilitate(actor)?;
            Ok(if state.timer.is_some() {
                vec![Event::TimerCleared]
            } else {
                vec![]
            })
        }
        Command::SubmitProblem { text } => {
            let me = state.may_submit_problem(actor)?;
            let text = limits::clean(Field::Text, text)?;
            Ok(vec![Event::ProblemSubmitted {
                problem: Problem {
                    id: ProblemId(state.next.problem.max(1)),
                    department: me.department,
                    author: Some(me.id),
                    text,
                    withdrawn: false,
                    picked: false,
                    support: vec![],
                    hidden_support: 0,
                    hidden: false,
                    merged_into: None,
                },
            }])
        }
        Command::WithdrawProblem { problem } => {
            state.may_withdraw_problem(actor, *problem)?;
            // Its ideas go with it (their dots stay their voters' to take back).
            let mut events: Vec<Event> = state
                .ideas_for(*problem)
                .map(|i| Event::IdeaWithdrawn { idea: i.id })
                .collect();
            events.push(Event::ProblemWithdrawn { problem: *problem });
            Ok(events)
        }
        Command::SupportProblem { problem, support } => {
            let me = state.may_support(actor, *problem)?;
            let supported = state
                .problems
                .get(problem)
                .is_some_and(|p| p.support.contains(&me.id));
            if supported == *support {
                return Ok(vec![]);
            }
            Ok(vec![Event::PickSupportChanged {
                problem: *problem,
                participant: me.id,
                support: *support,
            }])
        }
        Command::ConfirmPick { problem, picked } => {
            let p = state.may_pick(actor, *problem)?;
            if p.picked == *picked {
                return Ok(vec![]);
            }
            Ok(vec![Event::ProblemPicked {
                problem: *problem,
                picked: *picked,
            }])
        }
        Command::SubmitIdea { problem, text } => {
            let me = state.may_submit_idea(actor, *problem)?;
            let text = limits::clean(Field::Text, text)?;
            Ok(vec![Event::IdeaSubmitted {
                idea: Idea {
                    id: IdeaId(state.next.idea.max(1)),
                    problem: *problem,
                    department: me.department,
                    author: Some(me.id),
                    text,
                    withdrawn: false,
                    hidden: false,
                    merged_into: None,
                },
            }])
        }
        Command::WithdrawIdea { idea } => {
            state.may_withdraw_idea(actor, *idea)?;
            // Dots on it stay their voters' to take back: refunding them would tell
            // everyone how many it had before the reveal.
            Ok(vec![Event::IdeaWithdrawn { idea: *idea }])
        }
        Command::CastVote { idea } => {
            let me = state.may_cast(actor, *idea)?;
            Ok(vec![Event::VoteCast {
                participant: me,
                idea: *idea,
            }])
        }
        Command::RetractVote { idea } => {
            let me = state.may_retract(actor, *idea)?;
            Ok(vec![Event::VoteRetracted {
                participant: me,
                idea: *idea,
            }])
        }
        Command::MoveVote { from, to } => {
            let me = state.may_move(actor, *from, *to)?;
            if from == to {
                return Ok(vec![]);
            }
            Ok(vec![
                Event::VoteRetracted {
                    participant: me,
                    idea: *from,
                },
                Event::VoteCast {
                    participant: me,
                    idea: *to,
                },
            ])
        }
        Command::CreateAction { action } => {
            state.may_create_action(actor)?;
            let item = state.check_action(ActionId(state.next.action.max(1)), action)?;
            Ok(vec![Event::ActionCreated { action: item }])
        }
        Command::UpdateAction { id, action } => {
            state.may_edit_action(actor, *id)?;
            let item = state.check_action(*id, action)?;
            Ok(vec![Event::ActionUpdated { action: item }])
        }
        Command::ProposeAction { action } => {
            let me = state.may_propose_action(actor)?.id;
            let id = ActionId(state.next.action.max(1));
            let item = state.check_proposal(id, me, action)?;
            Ok(vec![Event::ActionProposed { action: item }])
        }
        Command::ApproveAction { id, action } => {
            state.may_review_action(actor, *id)?;
            let item = state.check_action(*id, action)?;
            Ok(vec![Event::ActionUpdated { action: item }])
        }
        Command::DeclineAction { id, reason } => {
            let by = state.may_review_action(actor, *id)?.proposer();
            let reason = limits::clean(Field::Reason, reason)?;
            Ok(vec![Event::ActionDeclined {
                action: *id,
                by,
                reason,
            }])
        }
        Command::SetActionStatus { id, status } => {
            let mut item = state.may_set_status(actor, *id)?.clone();
            item.status = *status;
            Ok(vec![Event::ActionUpdated { action: item }])
        }
        Command::ReviewCarried {
            id,
            verdict,
            department,
        } => {
            let department = state.may_review_carried(actor, *id, *verdict, *department)?;
            Ok(vec![Event::CarriedReviewed {
                action: *id,
                verdict: *verdict,
                department,
            }])
        }
        Command::AddNote { id, text } => {
            state.may_add_note(actor, *id)?;
            let text = limits::clean(Field::Note, text)?;
            let by = if actor == Actor::Lead {
                NoteAuthor::Lead
            } else {
                NoteAuthor::Facilitator
            };
            Ok(vec![Event::ProgressNoted {
                action: *id,
                note: ProgressNote { text, at: now, by },
            }])
        }
        Command::IssueLink { link } => {
            state.may_hand_out_links(actor)?;
            Ok(vec![Event::LinkIssued {
                link: *link,
                generation: state.links.issued.saturating_add(1),
            }])
        }
        Command::RevokeLink { link } => {
            state.may_hand_out_links(actor)?;
            Ok(match state.links.generation(*link) {
                Some(_) => vec![Event::LinkRevoked { link: *link }],
                None => vec![],
            })
        }
        Command::DeleteAction { id } => {
            state.may_change_action(actor, *id)?;
            Ok(vec![Event::ActionDeleted { action: *id }])
        }
        Command::MoveParticipant {
            participant,
            department,
        } => {
            state.may_move_participant(actor, *participant, *department)?;
            let already = state
                .participants
                .get(participant)
                .is_some_and(|p| p.department == *department);
            if already {
                return Ok(Vec::new());
            }
            // Support is for one's own department's problems: what they supported
            // in the department they leave is taken back first.
            let mut events: Vec<Event> = state
                .problems
                .values()
                .filter(|p| p.support.contains(participant))
                .map(|p| Event::PickSupportChanged {
                    problem: p.id,
                    participant: *participant,
                    support: false,
                })
                .collect();
            events.push(Event::ParticipantMoved {
                participant: *participant,
                department: *department,
            });
            Ok(events)
        }
        Command::PauseTimer {} => {
            let timer = state.may_change_timer(actor)?;
            let left = timer.left(now);
            // Paused already, or run out: nothing to stop.
            Ok(if timer.is_paused() || left == 0 {
                vec![]
            } else {
                vec![Event::TimerPaused { left }]
            })
        }
        Command::ResumeTimer {} => {
            let timer = state.may_change_timer(actor)?;
            Ok(match timer.paused {
                Some(left) => vec![Event::TimerResumed {
                    ends_at: now.saturating_add(left),
                }],
                None => vec![],
            })
        }
        Command::ExtendTimer { seconds } => {
            state.may_extend_timer(actor, *seconds)?;
            // A timer that has run out runs again from now.
            let from = state.timer.as_ref().map_or(now, |t| t.ends_at.max(now));
            Ok(vec![Event::TimerExtended {
                seconds: *seconds,
                ends_at: from.saturating_add(i64::from(*seconds) * 1000),
            }])
        }
        Command::Spotlight { problem } => {
            state.may_spotlight(actor, *problem)?;
            Ok(if state.spotlight == *problem {
                vec![]
            } else {
                vec![Event::Spotlighted { problem: *problem }]
            })
        }
        Command::KeepTimer { keep } => {
            let timer = state.may_change_timer(actor)?;
            Ok(if timer.keep == *keep {
                vec![]
            } else {
                vec![Event::TimerKept { keep: *keep }]
            })
        }
        Command::HideProblem { problem, hidden } => {
            let p = state.may_hide_problem(actor, *problem, *hidden)?;
            Ok(match (p.hidden, *hidden) {
                (false, true) => vec![Event::ProblemHidden {
                    problem: *problem,
                    author: p.author,
                }],
                (true, false) => vec![Event::ProblemRestored {
                    problem: Problem {
                        hidden: false,
                        ..p.clone()
                    },
                }],
                _ => vec![],
            })
        }
        Command::HideIdea { idea, hidden } => {
            let i = state.may_hide_idea(actor, *idea)?;
            Ok(match (i.hidden, *hidden) {
                (false, true) => vec![Event::IdeaHidden {
                    idea: *idea,
                    author: i.author,
                }],
                (true, false) => vec![Event::IdeaRestored {
                    idea: Idea {
                        hidden: false,
                        ..i.clone()
                    },
                }],
                _ => vec![],
            })
        }
        Command::Merge { card, into } => {
            state.may_merge(actor, *card, *into)?;
            Ok(state.merge(*card, *into).into_iter().collect())
        }
        Command::SuggestMerge { card, into } => {
            let me = state.may_suggest_merge(actor, *card, *into)?;
            Ok(if state.has_suggested(me.id, *card, *into) {
                vec![]
            } else {
                vec![Event::MergeSuggested {
                    suggestion: Suggestion {
                        card: *card,
                        into: *into,
                        by: Some(me.id),
                    },
                }]
            })
        }
        Command::DismissSuggestion { card, into } => {
            state.may_dismiss_suggestion(actor)?;
            let waiting = state
                .suggestions
                .iter()
                .any(|s| s.card == *card && s.into == *into);
            Ok(if waiting {
                vec![Event::SuggestionDismissed {
                    card: *card,
                    into: *into,
                }]
            } else {
                vec![]
            })
        }
        Command::AddComment { card, text } => {
            let me = state.may_comment(actor, *card)?;
            let text = limits::clean(Field::Comment, text)?;
            Ok(vec![Event::CommentAdded {
                comment: Comment {
                    id: CommentId(state.next.comment.max(1)),
                    card: *card,
                    author: Some(me.id),
                    text,
                    hidden: false,
                },
            }])
        }
        Command::React { card, reaction, on } => {
            let me = state.may_react(actor, *card)?;
            Ok(if state.has_reacted(me.id, *card, *reaction) == *on {
                vec![]
            } else {
                vec![Event::ReactionChanged {
                    card: *card,
                    reaction: *reaction,
                    participant: me.id,
                    on: *on,
                }]
            })
        }
        Command::HideComment { comment, hidden } => {
            let c = state.may_hide_comment(actor, *comment)?;
            Ok(match (c.hidden, *hidden) {
                (false, true) => vec![Event::CommentHidden {
                    comment: *comment,
                    author: c.author,
                }],
                (true, false) => vec![Event::CommentRestored {
                    comment: Comment {
                        hidden: false,
                        ..c.clone()
                    },
                }],
                _ => vec![],
            })
        }
        Command::SetDone { done } => {
            let me = state.may_set_done(actor)?;
            Ok(if state.is_done(me.id) == *done {
                vec![]
            } else {
                vec![Event::ReadinessChanged {
                    participant: me.id,
                    done: *done,
                }]
            })
        }
        Command::SetPresence {
            participant,
            online,
        } => {
            state.may_set_presence(actor, *participant)?;
            Ok(if state.is_online(*participant) == *online {
                vec![]
            } else {
                vec![Event::PresenceChanged {
                    participant: *participant,
                    online: *online,
                }]
            })
        }
    }
}
