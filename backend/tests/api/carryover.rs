//! Carrying action items over: a new session created with an earlier one's
//! facilitator token or follow-up key starts with that session's open agreed action
//! items in a Review phase before Problems; the facilitator marks each done,
//! continue or drop, live; continuing items are the new session's, with their
//! history, in its exports. A key that opens nothing is refused with a typed error
//! and creates nothing.

use crate::common;

use common::{Backend, TestApp};
use reqwest::StatusCode;
use std::time::Duration;
use summit_shared::api::{
    paths, DeleteSession, ErrorBody, ExportFile, ScreenKey, SessionCreated, SessionLinks,
};
use summit_shared::{
    ActionDraft, ActionId, ActionStatus, CarryFrom, Command, Date, DepartmentId, Event, IdeaId,
    Language, LinkKind, NoteAuthor, Phase, ProblemId, SessionId, SessionSetup, Settings, Verdict,
};

fn draft(title: &str, status: ActionStatus) -> ActionDraft {
    ActionDraft {
        title: title.into(),
        problem: Some(ProblemId(1)),
        idea: Some(IdeaId(1)),
        owner: "Dana".into(),
        department: DepartmentId(2),
        due: Date::new(2027, 1, 15).expect("a date"),
        status,
    }
}

/// A closed summit with three agreed items (one done) and a progress note; answers
/// with it, its facilitator's token, a participant's token and its follow-up key.
async fn earlier(app: &TestApp) -> (SessionId, String, String, String) {
    earlier_in(app, Settings::default()).await
}

/// [`earlier`] with `settings` (its language, say).
async fn earlier_in(app: &TestApp, settings: Settings) -> (SessionId, String, String, String) {
    let (sid, fac, ann, _bob) = app.planned(settings).await;
    for (title, status) in [
        ("Shared promo calendar", ActionStatus::InProgress),
        ("Weekly sync", ActionStatus::Open),
        ("Launch checklist", ActionStatus::Done),
    ] {
        let action = draft(title, status);
        app.command(&sid, &fac, Command::CreateAction { action })
            .await;
    }
    let note = Command::AddNote {
        id: ActionId(1),
        text: "Two teams use it".into(),
    };
    app.command(&sid, &fac, note).await;
    let closed = Command::SetPhase {
        phase: Phase::Closed,
    };
    app.command(&sid, &fac, closed).await;
    let link = LinkKind::FollowUp;
    app.command(&sid, &fac, Command::IssueLink { link }).await;
    let links: SessionLinks = app.get_json(&paths::links(&sid), Some(&fac)).await;
    let key = links.follow_up.expect("a follow-up key");
    (sid, fac, ann.token, key)
}

async fn create(app: &TestApp, carry_from: Option<CarryFrom>) -> reqwest::Response {
    let setup = SessionSetup {
        title: "Summit 2027".into(),
        departments: vec!["Customer Service".into(), "Sales".into()],
        settings: Settings::default(),
        carry_from,
    };
    app.client
        .post(app.url(paths::sessions()))
        .json(&setup)
        .send()
        .await
        .expect("send")
}

/// Creates a session carrying over from `session` with `key`; it must be created.
async fn carry(app: &TestApp, session: &SessionId, key: String) -> SessionCreated {
    let carry_from = CarryFrom {
        session: session.0.clone(),
        key,
    };
    let res = create(app, Some(carry_from)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.expect("json")
}

async fn carried_into_review(backend: Backend) {
    let app = TestApp::start_on(backend).await;
    let (old, old_fac, _, _) = earlier(&app).await;
    let created = carry(&app, &old, old_fac).await;
    let (sid, fac) = (created.session_id, created.facilitator_token);

    let snap = app.snapshot(&sid, &fac).await;
    let carried: Vec<_> = snap.state.carried_actions().collect();
    let titles: Vec<&str> = carried.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Shared promo calendar", "Weekly sync"],
        "done stays behind"
    );
    assert_eq!(carried[0].status, ActionStatus::InProgress);
    assert_eq!(carried[0].notes.len(), 1, "with its history");
    let origin = carried[0].carried.as_ref().expect("carried");
    assert_eq!(origin.from, "Q4");
    assert_eq!(origin.problem, "Promos surprise support");
    assert_eq!(origin.idea.as_deref(), Some("A shared promo calendar"));
    // "Customer Service" is department 2 there and 1 here.
    assert_eq!(carried[0].department, DepartmentId(1));
    assert_eq!(snap.state.next_phase(), Some(Phase::Review));

    // A participant watches the review live.
    let ann = app.join(&sid, "Ann", 2).await;
    let mut stream = app.stream(&sid, &ann.token, None).await;
    let phase = |phase| Command::SetPhase { phase };
    app.command(&sid, &fac, phase(Phase::Review)).await;
    let review = |id, verdict| Command::ReviewCarried {
        id: ActionId(id),
        verdict,
        department: None,
    };
    app.command(&sid, &fac, review(1, Verdict::Continue)).await;
    app.command(&sid, &fac, review(2, Verdict::Drop)).await;
    let mut seen = Vec::new();
    while let Some(e) = stream.next_event(Duration::from_secs(5)).await {
        if let Event::CarriedReviewed {
            action, verdict, ..
        } = e.event
        {
            seen.push((action, verdict));
            if seen.len() == 2 {
                break;
            }
        }
    }
    assert_eq!(
        seen,
        [
            (ActionId(1), Verdict::Continue),
            (ActionId(2), Verdict::Drop)
        ]
    );
    app.refused(
        &sid,
        &ann.token,
        review(2, Verdict::Continue),
        403,
        "facilitator_only",
    )
    .await;
    app.command(&sid, &fac, phase(Phase::Problems)).await;

    // The continuing item is this summit's: in its exports, with where it came from.
    let res = app
        .client
        .get(app.url(&paths::export(&sid, ExportFile::ActionsJiraCsv)))
        .bearer_auth(&fac)
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), StatusCode::OK);
    let csv = res.text().await.expect("text");
    assert!(csv.contains("Shared promo calendar"), "{csv}");
    assert!(csv.contains("Promos surprise support"), "{csv}");
    assert!(
        !csv.contains("Weekly sync"),
        "a dropped item stays behind: {csv}"
    );
}

#[tokio::test]
async fn open_items_are_carried_into_review_on_sqlite() {
    carried_into_review(Backend::Sqlite).await;
}

#[tokio::test]
async fn open_items_are_carried_into_review_on_postgres() {
    carried_into_review(Backend::Postgres).await;
}

#[tokio::test]
async fn the_follow_up_link_carries_items_over_too() {
    let app = TestApp::start().await;
    let (old, _, _, key) = earlier(&app).await;
    let created = carry(&app, &old, key).await;
    let snap = app
        .snapshot(&created.session_id, &created.facilitator_token)
        .await;
    assert_eq!(snap.state.carried_actions().count(), 2);
}

#[tokio::test]
async fn a_key_that_opens_nothing_is_refused_and_creates_nothing() {
    let app = TestApp::start().await;
    let (old, _, participant, _) = earlier(&app).await;
    let cases = [
        (old.0.clone(), participant, 403, "facilitator_only"),
        (old.0.clone(), "not-a-key".to_owned(), 401, "invalid_token"),
        (
            "NoSuchSession".to_owned(),
            "k".to_owned(),
            404,
            "session_not_found",
        ),
    ];
    for (session, key, status, code) in cases {
        let res = create(&app, Some(CarryFrom { session, key })).await;
        assert_eq!(res.status().as_u16(), status, "{code}");
        let body: ErrorBody = res.json().await.expect("typed error");
        assert_eq!(body.error.code.as_str(), code);
    }
    // Only the earlier summit exists.
    let sessions: i64 = sqlx_count(&app).await;
    assert_eq!(sessions, 1);
}

async fn sqlx_count(app: &TestApp) -> i64 {
    use sqlx::{Connection, Row};
    let mut db = sqlx::SqliteConnection::connect(&app.database_url)
        .await
        .expect("open the file");
    sqlx::query("SELECT count(*) FROM sessions")
        .fetch_one(&mut db)
        .await
        .expect("count")
        .get(0)
}

#[tokio::test]
async fn a_screen_key_or_a_revoked_link_carries_nothing_over() {
    let app = TestApp::start().await;
    let (old, fac, _, key) = earlier(&app).await;
    let screen: ScreenKey = app.get_json(&paths::screen_key(&old), Some(&fac)).await;
    let link = LinkKind::FollowUp;
    app.command(&old, &fac, Command::RevokeLink { link }).await;
    for key in [screen.key, key] {
        let res = create(
            &app,
            Some(CarryFrom {
                session: old.0.clone(),
                key,
            }),
        )
        .await;
        assert_eq!(res.status().as_u16(), 401);
        let body: ErrorBody = res.json().await.expect("typed error");
        assert_eq!(body.error.code.as_str(), "invalid_token");
    }
}

#[tokio::test]
async fn what_the_facilitator_hid_stays_behind() {
    let app = TestApp::start().await;
    let (sid, fac, _ann, _bob) = app.planned(Settings::default()).await;
    let action = draft("Shared promo calendar", ActionStatus::Open);
    app.command(&sid, &fac, Command::CreateAction { action })
        .await;
    let hide = Command::HideIdea {
        idea: IdeaId(1),
        hidden: true,
    };
    app.command(&sid, &fac, hide).await;
    let created = carry(&app, &sid, fac).await;
    let snap = app
        .snapshot(&created.session_id, &created.facilitator_token)
        .await;
    let carried = snap.state.carried_actions().next().expect("the item");
    let origin = carried.carried.as_ref().expect("carried");
    assert_eq!(origin.problem, "Promos surprise support");
    assert_eq!(origin.idea, None, "a hidden idea's words stay in the room");
}

/// What the room decides in Review reaches the earlier summit, live, in its language:
/// a done item is done there, and in progress again when the room changes its mind;
/// each decision is a lead's note; a renewed follow-up link ends the reports; the
/// earlier summit's id never reaches a browser.
async fn the_earlier_summit_hears_the_review(backend: Backend) {
    let app = TestApp::start_on(backend).await;
    let german = Settings {
        language: Language::De,
        ..Settings::default()
    };
    let (old, old_fac, _, key) = earlier_in(&app, german).await;
    let created = carry(&app, &old, key.clone()).await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let ann = app.join(&sid, "Ann", 1).await;
    for token in [&fac, &ann.token] {
        let raw = app
            .client
            .get(app.url(&paths::session(&sid)))
            .bearer_auth(token)
            .send()
            .await
            .expect("send")
            .text()
            .await
            .expect("text");
        assert!(
            !raw.contains(&old.0),
            "the earlier summit's id stays on the server"
        );
    }
    let mut from_start = app.stream(&sid, &ann.token, None).await;
    match from_start
        .next_event(Duration::from_secs(5))
        .await
        .map(|e| e.event)
    {
        Some(Event::SessionCreated { carried_from, .. }) => {
            assert_eq!(carried_from, None, "nor in the stream");
        }
        other => panic!("the stream starts with the session: {other:?}"),
    }
    let review = |id, verdict| Command::ReviewCarried {
        id: ActionId(id),
        verdict,
        department: None,
    };
    // A lead follows the earlier summit up, live, from where it is now.
    let seen = app.snapshot(&old, &key).await.seq.to_string();
    let mut lead = app.stream(&old, &key, Some(&seen)).await;
    app.command(
        &sid,
        &fac,
        Command::SetPhase {
            phase: Phase::Review,
        },
    )
    .await;
    app.command(&sid, &fac, review(1, Verdict::Done)).await;

    let mut noted = None;
    while let Some(e) = lead.next_event(Duration::from_secs(5)).await {
        if let Event::ProgressNoted { action, note } = e.event {
            noted = Some((action, note));
            break;
        }
    }
    let (action, note) = noted.expect("the lead hears of it live");
    assert_eq!(action, ActionId(1));
    assert_eq!(
        note.text,
        "Im Rückblick von „Summit 2027“ als erledigt markiert."
    );
    assert_eq!(note.by, NoteAuthor::Lead);
    let there =
        |snap: summit_shared::api::Snapshot, id: u32| snap.state.actions[&ActionId(id)].clone();
    let item = there(app.snapshot(&old, &old_fac).await, 1);
    assert_eq!(item.status, ActionStatus::Done);

    // Changed to Continue: in progress there again, as it is here.
    app.command(&sid, &fac, review(1, Verdict::Continue)).await;
    let item = there(app.snapshot(&old, &old_fac).await, 1);
    assert_eq!(item.status, ActionStatus::InProgress);
    let texts: Vec<&str> = item.notes.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Two teams use it",
            "Im Rückblick von „Summit 2027“ als erledigt markiert.",
            "Wird im Gipfel „Summit 2027“ fortgesetzt.",
        ]
    );
    // The same decision again says nothing new.
    app.command(&sid, &fac, review(1, Verdict::Continue)).await;
    assert_eq!(there(app.snapshot(&old, &old_fac).await, 1).notes.len(), 3);

    // Dropped: open there as before, with a note.
    app.command(&sid, &fac, review(2, Verdict::Drop)).await;
    let item = there(app.snapshot(&old, &old_fac).await, 2);
    assert_eq!(item.status, ActionStatus::Open);
    assert_eq!(
        item.notes.last().map(|n| n.text.as_str()),
        Some("Im Rückblick von „Summit 2027“ fallen gelassen.")
    );

    // Its follow-up link renewed: the old key, which carried the items over, has no
    // say there any more.
    let renew = Command::IssueLink {
        link: LinkKind::FollowUp,
    };
    app.command(&old, &old_fac, renew).await;
    app.command(&sid, &fac, review(2, Verdict::Continue)).await;
    assert_eq!(there(app.snapshot(&old, &old_fac).await, 2).notes.len(), 1);

    // The earlier summit deleted since: the decision here still stands.
    let res = app
        .client
        .delete(app.url(&paths::session(&old)))
        .bearer_auth(&old_fac)
        .json(&DeleteSession { title: "Q4".into() })
        .send()
        .await
        .expect("send");
    assert!(res.status().is_success(), "deleted: {}", res.status());
    app.command(&sid, &fac, review(2, Verdict::Done)).await;
    let snap = app.snapshot(&sid, &fac).await;
    let verdict = snap.state.actions[&ActionId(2)]
        .carried
        .as_ref()
        .and_then(|c| c.verdict);
    assert_eq!(verdict, Some(Verdict::Done));
}

#[tokio::test]
async fn the_earlier_summit_hears_the_review_on_sqlite() {
    the_earlier_summit_hears_the_review(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_earlier_summit_hears_the_review_on_postgres() {
    the_earlier_summit_hears_the_review(Backend::Postgres).await;
}
