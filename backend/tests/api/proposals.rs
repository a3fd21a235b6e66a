//! Participants propose action items in Plan; the facilitator approves (as proposed
//! or edited) or declines with a reason. Everyone sees a proposal as a proposal; a
//! declined one stays with its proposer and the facilitator; only agreed items leave
//! the room (exports); in an anonymous session nobody is told who proposed what.

use crate::common;

use common::{identities, TestApp};
use serde_json::Value;
use summit_shared::api::{paths, ExportFile, Joined};
use summit_shared::{
    ActionDraft, ActionId, ActionStatus, Command, Date, DepartmentId, Event, IdeaId, Phase,
    ProblemId, SessionId, Settings,
};

struct Planned {
    app: TestApp,
    sid: SessionId,
    fac: String,
    ann: Joined,
    bob: Joined,
    /// Bob's idea for Ann's (Marketing) problem.
    idea: IdeaId,
}

/// A session in Plan: Ann (Marketing) wrote a problem, Bob (Service) an idea for it.
async fn planned(settings: Settings) -> Planned {
    let app = TestApp::start().await;
    let (sid, fac, ann, bob) = app.planned(settings).await;
    Planned {
        app,
        sid,
        fac,
        ann,
        bob,
        idea: IdeaId(1),
    }
}

fn draft(idea: Option<IdeaId>, title: &str) -> ActionDraft {
    ActionDraft {
        title: title.into(),
        problem: Some(ProblemId(1)),
        idea,
        owner: "Dana".into(),
        department: DepartmentId(1),
        due: Date::new(2027, 1, 15).expect("a date"),
        status: ActionStatus::Open,
    }
}

async fn export(s: &Planned, file: ExportFile) -> String {
    let res = s
        .app
        .client
        .get(s.app.url(&paths::export(&s.sid, file)))
        .bearer_auth(&s.fac)
        .send()
        .await
        .expect("send");
    assert_eq!(res.status().as_u16(), 200, "{file:?}");
    res.text().await.expect("text")
}

async fn propose(s: &Planned, title: &str) -> ActionId {
    let accepted = s
        .app
        .command(
            &s.sid,
            &s.bob.token,
            Command::ProposeAction {
                action: draft(Some(s.idea), title),
            },
        )
        .await;
    match &accepted.events[..] {
        [e] => match &e.event {
            Event::ActionProposed { action } => action.id,
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_proposal_is_seen_as_one_then_approved_as_edited() {
    let s = planned(Settings::default()).await;
    let id = propose(&s, "Send a weekly digest").await;
    let ann = s.app.snapshot(&s.sid, &s.ann.token).await;
    let item = &ann.state.actions[&id];
    assert!(item.is_pending(), "Ann sees a proposal");
    assert_eq!(item.proposer(), Some(s.bob.participant_id), "named session");
    for file in ExportFile::ALL {
        assert!(
            !export(&s, file).await.contains("digest"),
            "{file:?} holds a proposal"
        );
    }

    let mut edited = draft(Some(s.idea), "Send a weekly digest to support");
    edited.owner = "Eve".into();
    s.app
        .refused(
            &s.sid,
            &s.bob.token,
            Command::ApproveAction {
                id,
                action: edited.clone(),
            },
            403,
            "facilitator_only",
        )
        .await;
    s.app
        .command(
            &s.sid,
            &s.fac,
            Command::ApproveAction {
                id,
                action: edited.clone(),
            },
        )
        .await;
    let ann = s.app.snapshot(&s.sid, &s.ann.token).await;
    let item = &ann.state.actions[&id];
    assert!(item.is_agreed() && item.owner == "Eve");
    let csv = export(&s, ExportFile::ActionsCsv).await;
    assert!(csv.contains("Send a weekly digest to support") && csv.contains("Eve"));
    s.app
        .refused(
            &s.sid,
            &s.fac,
            Command::ApproveAction { id, action: edited },
            409,
            "not_a_proposal",
        )
        .await;
}

#[tokio::test]
async fn a_declined_proposal_stays_with_its_proposer_and_the_facilitator() {
    let s = planned(Settings::default()).await;
    let mut anns = s.app.stream(&s.sid, &s.ann.token, None).await;
    let id = propose(&s, "Hire a promo czar").await;
    s.app
        .refused(
            &s.sid,
            &s.fac,
            Command::DeclineAction {
                id,
                reason: "   ".into(),
            },
            422,
            "empty",
        )
        .await;
    let declined = s
        .app
        .command(
            &s.sid,
            &s.fac,
            Command::DeclineAction {
                id,
                reason: "No budget this year".into(),
            },
        )
        .await;
    let last = declined.events.last().map_or(0, |e| e.seq);
    let seen = anns.until(last).await;
    assert!(
        seen.iter()
            .any(|e| e.event == Event::ActionDeleted { action: id }),
        "Ann's page drops it: {seen:?}"
    );
    assert!(!s
        .app
        .snapshot(&s.sid, &s.ann.token)
        .await
        .state
        .actions
        .contains_key(&id));
    let bob = s.app.snapshot(&s.sid, &s.bob.token).await;
    let reason = bob.state.actions[&id]
        .proposal
        .as_ref()
        .and_then(|p| p.declined.clone());
    assert_eq!(reason.as_deref(), Some("No budget this year"));
    assert!(s
        .app
        .snapshot(&s.sid, &s.fac)
        .await
        .state
        .actions
        .contains_key(&id));
    for file in ExportFile::ALL {
        assert!(!export(&s, file).await.contains("czar"), "{file:?}");
    }
}

#[tokio::test]
async fn proposals_are_refused_with_typed_errors() {
    let s = planned(Settings::default()).await;
    let sid = &s.sid;
    s.app
        .refused(
            sid,
            &s.bob.token,
            Command::ProposeAction {
                action: draft(None, "No idea behind it"),
            },
            404,
            "unknown_idea",
        )
        .await;
    s.app
        .refused(
            sid,
            &s.fac,
            Command::ProposeAction {
                action: draft(Some(s.idea), "The facilitator creates instead"),
            },
            403,
            "participant_only",
        )
        .await;
    for n in 0..5 {
        propose(&s, &format!("Proposal {n}")).await;
    }
    s.app
        .refused(
            sid,
            &s.bob.token,
            Command::ProposeAction {
                action: draft(Some(s.idea), "One too many"),
            },
            409,
            "proposal_limit",
        )
        .await;
    s.app
        .command(
            sid,
            &s.fac,
            Command::SetPhase {
                phase: Phase::Closed,
            },
        )
        .await;
    s.app
        .refused(
            sid,
            &s.ann.token,
            Command::ProposeAction {
                action: draft(Some(s.idea), "Too late"),
            },
            409,
            "session_closed",
        )
        .await;
}

#[tokio::test]
async fn nobody_learns_who_proposed_in_an_anonymous_session() {
    let anonymous = Settings {
        anonymous: true,
        ..Settings::default()
    };
    let s = planned(anonymous).await;
    let mut streams = Vec::new();
    for token in [&s.fac, &s.ann.token] {
        streams.push(s.app.stream(&s.sid, token, None).await);
    }
    let (status, answer) = s
        .app
        .command_raw(
            &s.sid,
            &s.bob.token,
            Command::ProposeAction {
                action: draft(Some(s.idea), "Publish the promo calendar"),
            },
            None,
        )
        .await;
    assert_eq!(status.as_u16(), 200, "{answer}");
    let mut found = Vec::new();
    identities(&answer, &mut found);
    let bob = u64::from(s.bob.participant_id.0);
    assert!(found.iter().all(|id| *id == bob), "{answer}");
    let last = answer["seq"].as_u64().unwrap_or(0);
    for (token, stream) in [&s.fac, &s.ann.token].into_iter().zip(&mut streams) {
        let mut found = stream.identities_until(last).await;
        let snap: Value = s.app.get_json(&paths::session(&s.sid), Some(token)).await;
        identities(&snap, &mut found);
        assert!(
            !found.contains(&bob),
            "the proposer is named to another viewer: {found:?}"
        );
    }
}
