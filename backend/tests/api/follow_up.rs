//! The follow-up link for leads: its key sets an agreed action item's status and
//! writes progress notes, in Plan and after the summit, and every other command is
//! refused with 403; a renewed or revoked key answers 401 at once, on every server.
//! The facilitator issues it, and also follows items up after Closed.

use crate::common;

use common::{Backend, TestApp};
use std::time::Duration;
use summit_shared::api::{paths, SessionLinks, Snapshot};
use summit_shared::{
    ActionDraft, ActionId, ActionStatus, Card, Command, Date, DepartmentId, IdeaId, LinkKind,
    NoteAuthor, Phase, ProblemId, SessionId, Settings, Viewer,
};

fn draft(title: &str) -> ActionDraft {
    ActionDraft {
        title: title.into(),
        problem: Some(ProblemId(1)),
        idea: Some(IdeaId(1)),
        owner: "Dana".into(),
        department: DepartmentId(1),
        due: Date::new(2027, 1, 15).expect("a date"),
        status: ActionStatus::Open,
    }
}

/// A closed summit with one agreed action item, and its follow-up link's key.
async fn closed_with_link(app: &TestApp) -> (SessionId, String, String) {
    let (sid, fac, _ann, _bob) = app.planned(Settings::default()).await;
    app.command(
        &sid,
        &fac,
        Command::CreateAction {
            action: draft("Shared promo calendar"),
        },
    )
    .await;
    app.command(
        &sid,
        &fac,
        Command::SetPhase {
            phase: Phase::Closed,
        },
    )
    .await;
    let key = issue(app, &sid, &fac).await;
    (sid, fac, key)
}

/// Issues (or renews) the follow-up link; answers with its key.
async fn issue(app: &TestApp, sid: &SessionId, fac: &str) -> String {
    let link = LinkKind::FollowUp;
    app.command(sid, fac, Command::IssueLink { link }).await;
    let links: SessionLinks = app.get_json(&paths::links(sid), Some(fac)).await;
    links.follow_up.expect("a follow-up key")
}

async fn status_of(app: &TestApp, sid: &SessionId, path: &str, token: &str) -> u16 {
    let res = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("send");
    let _ = sid;
    res.status().as_u16()
}

#[tokio::test]
async fn a_lead_follows_up_after_the_summit() {
    let app = TestApp::start().await;
    let (sid, fac, lead) = closed_with_link(&app).await;
    let snap: Snapshot = app.snapshot(&sid, &lead).await;
    assert_eq!(snap.viewer, Viewer::Lead);
    assert_eq!(snap.join_code, "", "the room is not a lead's to join");
    assert_eq!(snap.state.actions.len(), 1);

    let status = Command::SetActionStatus {
        id: ActionId(1),
        status: ActionStatus::InProgress,
    };
    app.command(&sid, &lead, status).await;
    let note = Command::AddNote {
        id: ActionId(1),
        text: "Pilot running in two teams".into(),
    };
    app.command(&sid, &lead, note).await;

    // The facilitator sees it, and follows up too.
    let seen = app.snapshot(&sid, &fac).await.state.actions[&ActionId(1)].clone();
    assert_eq!(seen.status, ActionStatus::InProgress);
    assert_eq!(seen.notes.len(), 1);
    assert_eq!(seen.notes[0].by, NoteAuthor::Lead);
    app.command(
        &sid,
        &fac,
        Command::UpdateAction {
            id: ActionId(1),
            action: ActionDraft {
                owner: "Eli".into(),
                ..draft("Shared promo calendar")
            },
        },
    )
    .await;
    let edited = app.snapshot(&sid, &fac).await.state.actions[&ActionId(1)].clone();
    assert_eq!(edited.owner, "Eli");
    assert_eq!(edited.notes.len(), 1, "editing keeps the notes");
}

#[tokio::test]
async fn every_other_command_is_refused_to_a_lead() {
    let app = TestApp::start().await;
    let (sid, fac, lead) = closed_with_link(&app).await;
    let facilitators = [
        Command::SetPhase { phase: Phase::Plan },
        Command::UpdateAction {
            id: ActionId(1),
            action: draft("Other"),
        },
        Command::IssueLink {
            link: LinkKind::Calendar,
        },
        Command::RevokeLink {
            link: LinkKind::FollowUp,
        },
    ];
    for command in facilitators {
        app.refused(&sid, &lead, command, 403, "facilitator_only")
            .await;
    }
    // In Plan (the room still open), nothing of the room is a lead's either.
    app.command(&sid, &fac, Command::SetPhase { phase: Phase::Plan })
        .await;
    let facilitators = [
        Command::CreateAction {
            action: draft("More"),
        },
        Command::DeleteAction { id: ActionId(1) },
        Command::StartTimer { seconds: 60 },
        Command::HideIdea {
            idea: IdeaId(1),
            hidden: true,
        },
    ];
    for command in facilitators {
        app.refused(&sid, &lead, command, 403, "facilitator_only")
            .await;
    }
    let participants = [
        Command::ProposeAction {
            action: draft("Mine"),
        },
        Command::AddComment {
            card: Card::Idea(IdeaId(1)),
            text: "Nice".into(),
        },
        Command::SetDone { done: true },
    ];
    for command in participants {
        app.refused(&sid, &lead, command, 403, "participant_only")
            .await;
    }
    // Nor the facilitator's own reads.
    assert_eq!(status_of(&app, &sid, &paths::links(&sid), &lead).await, 403);
    assert_eq!(
        status_of(&app, &sid, &paths::screen_key(&sid), &lead).await,
        403
    );
}

async fn renewed_and_revoked(backend: Backend) {
    let app = TestApp::start_on(backend).await;
    let (sid, fac, old) = closed_with_link(&app).await;
    let status = |id| Command::SetActionStatus {
        id,
        status: ActionStatus::Done,
    };
    let mut old_stream = app.stream(&sid, &old, None).await;
    let old_ticket = app.ticket(&sid, &old).await;
    let new = issue(&app, &sid, &fac).await;
    // A ticket the old key got (for a stream or a download) stops with it.
    let with_ticket = format!("{}?ticket={old_ticket}", paths::events(&sid));
    let res = app
        .client
        .get(app.url(&with_ticket))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status().as_u16(), 401, "a ticket of the old key");
    assert_ne!(new, old);
    // The old key's open stream ends too.
    let ended = tokio::time::timeout(Duration::from_secs(5), async {
        // Longer than the deadline: only the stream's end stops this loop in time.
        while old_stream
            .next_message(Duration::from_secs(60))
            .await
            .is_some()
        {}
    })
    .await;
    assert!(ended.is_ok(), "the old key's stream ended");
    app.refused(&sid, &old, status(ActionId(1)), 401, "invalid_token")
        .await;
    app.command(&sid, &new, status(ActionId(1))).await;
    let link = LinkKind::FollowUp;
    app.command(&sid, &fac, Command::RevokeLink { link }).await;
    app.refused(&sid, &new, status(ActionId(1)), 401, "invalid_token")
        .await;
    assert_eq!(
        status_of(&app, &sid, &paths::session(&sid), &new).await,
        401
    );
    let links: SessionLinks = app.get_json(&paths::links(&sid), Some(&fac)).await;
    assert_eq!(links.follow_up, None);
}

#[tokio::test]
async fn a_renewed_or_revoked_link_stops_working_on_sqlite() {
    renewed_and_revoked(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_renewed_or_revoked_link_stops_working_on_postgres() {
    renewed_and_revoked(Backend::Postgres).await;
}

#[tokio::test]
async fn a_team_of_leads_opens_the_link_at_once() {
    let app = TestApp::start().await;
    let (sid, _fac, lead) = closed_with_link(&app).await;
    // One link for every lead: more live pages than one participant may hold.
    let mut streams = Vec::new();
    for _ in 0..12 {
        streams.push(app.stream(&sid, &lead, None).await);
    }
    for stream in &mut streams {
        assert!(
            stream.next_event(Duration::from_secs(5)).await.is_some(),
            "every lead's page is live"
        );
    }
}

#[tokio::test]
async fn only_the_facilitator_sees_the_links() {
    let app = TestApp::start().await;
    let (sid, fac, ann, _bob) = app.planned(Settings::default()).await;
    let links: SessionLinks = app.get_json(&paths::links(&sid), Some(&fac)).await;
    assert_eq!(links, SessionLinks::default(), "none until issued");
    assert_eq!(
        status_of(&app, &sid, &paths::links(&sid), &ann.token).await,
        403
    );
    let link = LinkKind::FollowUp;
    app.refused(
        &sid,
        &ann.token,
        Command::IssueLink { link },
        403,
        "facilitator_only",
    )
    .await;
    // A key of another session is no key here.
    let (other, other_fac, _, _) = app.planned(Settings::default()).await;
    let key = issue(&app, &other, &other_fac).await;
    assert_eq!(
        status_of(&app, &sid, &paths::session(&sid), &key).await,
        401
    );
}
