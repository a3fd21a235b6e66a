//! A whole summit over HTTP against a real server: every phase, the live stream
//! (hidden tallies, resume from `Last-Event-ID`), exports, and a restart on the
//! same database file that finds everything again.

use crate::common;

use common::{Backend, TestApp};
use reqwest::StatusCode;
use std::time::Duration;
use summit_shared::api::{paths, ExportFile, SessionPreview, SSE_BYE};
use summit_shared::{
    ActionDraft, ActionStatus, Command, Date, DepartmentId, Event, IdeaId, Phase, ProblemId,
    SessionState, Settings, Viewer,
};

const MARKETING: u32 = 1;
const SERVICE: u32 = 2;

fn fold(events: &[summit_shared::SeqEvent], mut state: SessionState) -> SessionState {
    for e in events {
        state.apply(&e.event);
    }
    state
}

async fn a_whole_summit_over_http(backend: Backend) {
    let mut app = TestApp::start_on(backend).await;
    let created = app.create_session("Q4 summit", Settings::default()).await;
    let sid = created.session_id.clone();
    let fac = created.facilitator_token.clone();
    assert_eq!(created.join_code.len(), 6);

    // The join code finds the session, typed loosely.
    let loose = created.join_code.to_lowercase();
    let preview: SessionPreview = app.get_json(&paths::join_preview(&loose), None).await;
    assert_eq!(preview.session_id, sid);
    assert_eq!(preview.departments.len(), 2);

    let ann = app.join(&sid, "Ann (Marketing)", MARKETING).await;
    let bob = app.join(&sid, "Bob (Service)", SERVICE).await;
    let cat = app.join(&sid, "Cat (Service)", SERVICE).await;

    // Live streams: the facilitator and Ann follow from the start.
    let mut fac_stream = app.stream(&sid, &fac, Some("0")).await;
    let mut ann_stream = app.stream(&sid, &ann.token, None).await;

    let next = |phase| Command::SetPhase { phase };
    app.command(&sid, &fac, next(Phase::Problems)).await;

    let p_m = app
        .command(
            &sid,
            &ann.token,
            Command::SubmitProblem {
                text: "Promotions surprise the call centre".into(),
            },
        )
        .await;
    let p_s = app
        .command(
            &sid,
            &bob.token,
            Command::SubmitProblem {
                text: "Complaints never reach marketing".into(),
            },
        )
        .await;
    let problem_id =
        |accepted: &summit_shared::api::CommandAccepted| match &accepted.events[0].event {
            Event::ProblemSubmitted { problem } => problem.id,
            other => panic!("unexpected {other:?}"),
        };
    let (pm, ps) = (problem_id(&p_m), problem_id(&p_s));
    // Problems belong to the author's department, whatever the client says.
    let snap = app.snapshot(&sid, &fac).await;
    assert_eq!(snap.state.problems[&pm].department, DepartmentId(MARKETING));
    assert_eq!(snap.state.problems[&ps].department, DepartmentId(SERVICE));

    app.command(&sid, &fac, next(Phase::Pick)).await;
    app.command(
        &sid,
        &ann.token,
        Command::SupportProblem {
            problem: pm,
            support: true,
        },
    )
    .await;
    app.refused(
        &sid,
        &ann.token,
        Command::SupportProblem {
            problem: ps,
            support: true,
        },
        403,
        "not_own_department",
    )
    .await;
    app.refused(&sid, &fac, next(Phase::Ideas), 409, "nothing_picked")
        .await;
    app.command(
        &sid,
        &fac,
        Command::ConfirmPick {
            problem: pm,
            picked: true,
        },
    )
    .await;
    app.command(
        &sid,
        &fac,
        Command::ConfirmPick {
            problem: ps,
            picked: true,
        },
    )
    .await;

    app.command(&sid, &fac, next(Phase::Ideas)).await;
    let idea = |accepted: summit_shared::api::CommandAccepted| match &accepted.events[0].event {
        Event::IdeaSubmitted { idea } => idea.id,
        other => panic!("unexpected {other:?}"),
    };
    // Cross-team: Ann (Marketing) for Service's problem, Bob and Cat for Marketing's.
    let i_ann = idea(
        app.command(
            &sid,
            &ann.token,
            Command::SubmitIdea {
                problem: ps,
                text: "Share the promo calendar".into(),
            },
        )
        .await,
    );
    let i_bob = idea(
        app.command(
            &sid,
            &bob.token,
            Command::SubmitIdea {
                problem: pm,
                text: "Weekly complaint digest".into(),
            },
        )
        .await,
    );
    let i_cat = idea(
        app.command(
            &sid,
            &cat.token,
            Command::SubmitIdea {
                problem: pm,
                text: "Joint Slack channel".into(),
            },
        )
        .await,
    );
    app.refused(
        &sid,
        &ann.token,
        Command::SubmitIdea {
            problem: pm,
            text: "own".into(),
        },
        403,
        "own_department_idea",
    )
    .await;

    app.command(&sid, &fac, next(Phase::Vote)).await;
    // Ann: 2 on Bob's idea. Bob: 3 on Ann's idea, then moves one to Cat's. Cat: 1.
    for _ in 0..2 {
        app.command(&sid, &ann.token, Command::CastVote { idea: i_bob })
            .await;
    }
    for _ in 0..3 {
        app.command(&sid, &bob.token, Command::CastVote { idea: i_ann })
            .await;
    }
    app.refused(
        &sid,
        &bob.token,
        Command::CastVote { idea: i_ann },
        409,
        "vote_cap_exceeded",
    )
    .await;
    app.command(
        &sid,
        &bob.token,
        Command::MoveVote {
            from: i_ann,
            to: i_cat,
        },
    )
    .await;
    let last_vote = app
        .command(&sid, &cat.token, Command::CastVote { idea: i_bob })
        .await;

    // Hidden until reveal: Ann's snapshot holds her own votes only, and no tallies.
    let ann_view = app.snapshot(&sid, &ann.token).await;
    assert_eq!(ann_view.viewer, Viewer::Participant(ann.participant_id));
    assert_eq!(ann_view.state.votes.len(), 1);
    assert_eq!(ann_view.state.votes_used(ann.participant_id), 2);
    assert_eq!(ann_view.state.hidden_votes, 4);
    assert_eq!(ann_view.state.total_votes(), 6);
    assert!(ann_view.state.tallies.is_none());
    // …and so does the facilitator's.
    let fac_view = app.snapshot(&sid, &fac).await;
    assert!(fac_view.state.votes.is_empty());
    assert_eq!(fac_view.state.total_votes(), 6);

    // Ann's stream carries other people's votes only as anonymous counts.
    let ann_events = ann_stream.until(last_vote.seq).await;
    for e in &ann_events {
        match &e.event {
            Event::VoteCast { participant, .. } | Event::VoteRetracted { participant, .. } => {
                assert_eq!(
                    *participant, ann.participant_id,
                    "someone else's vote leaked: {e:?}"
                )
            }
            Event::VotesRevealed { .. } => panic!("tallies leaked before the reveal"),
            _ => {}
        }
    }
    assert!(ann_events
        .iter()
        .any(|e| matches!(e.event, Event::HiddenVote { delta: 1, .. })));
    assert!(ann_events
        .iter()
        .any(|e| matches!(e.event, Event::HiddenVote { delta: -1, .. })));

    // Reveal.
    let reveal = app.command(&sid, &fac, next(Phase::Plan)).await;
    let tallies = reveal
        .events
        .iter()
        .find_map(|e| match &e.event {
            Event::VotesRevealed { tallies } => Some(tallies.clone()),
            _ => None,
        })
        .expect("reveal publishes tallies");
    assert_eq!(tallies.get(&i_bob), Some(&3));
    assert_eq!(tallies.get(&i_ann), Some(&2));
    assert_eq!(tallies.get(&i_cat), Some(&1));
    let ranked: Vec<IdeaId> = app
        .snapshot(&sid, &ann.token)
        .await
        .state
        .ranked_ideas(pm)
        .iter()
        .map(|(i, _)| i.id)
        .collect();
    assert_eq!(ranked, vec![i_bob, i_cat]);

    let due = Date::parse("2026-12-15").unwrap();
    let draft = ActionDraft {
        title: "Weekly complaint digest, = starts Monday".into(),
        problem: Some(pm),
        idea: Some(i_bob),
        owner: "Dana, Head of CS".into(),
        department: DepartmentId(SERVICE),
        due,
        status: ActionStatus::Open,
    };
    app.refused(
        &sid,
        &bob.token,
        Command::CreateAction {
            action: draft.clone(),
        },
        403,
        "facilitator_only",
    )
    .await;
    let created_action = app
        .command(
            &sid,
            &fac,
            Command::CreateAction {
                action: draft.clone(),
            },
        )
        .await;
    let action_id = match &created_action.events[0].event {
        Event::ActionCreated { action } => action.id,
        other => panic!("unexpected {other:?}"),
    };
    app.command(
        &sid,
        &fac,
        Command::SetActionStatus {
            id: action_id,
            status: ActionStatus::InProgress,
        },
    )
    .await;

    // Exports, by URL with the bearer token.
    let csv = app
        .client
        .get(app.url(&paths::export(&sid, ExportFile::ActionsCsv)))
        .bearer_auth(&fac)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let csv = csv.text().await.unwrap();
    let expected_header = "\u{feff}id,title,status,owner,department,due,problem,idea\r\n";
    assert!(csv.starts_with(expected_header), "{csv}");
    assert!(csv.contains("1,\"Weekly complaint digest, = starts Monday\",In progress,\"Dana, Head of CS\",Customer Service,2026-12-15,Promotions surprise the call centre,Weekly complaint digest\r\n"), "{csv}");

    // A ticket works for browser download links.
    let ticket = app.ticket(&sid, &ann.token).await;
    let md = app
        .client
        .get(app.url(&format!(
            "{}?ticket={ticket}",
            paths::export(&sid, ExportFile::SummaryMarkdown)
        )))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(md.contains("# Q4 summit"));
    assert!(
        md.contains("Weekly complaint digest — from Customer Service (3 votes)"),
        "{md}"
    );
    let json: serde_json::Value = app
        .get_json(&paths::export(&sid, ExportFile::ActionsJson), Some(&fac))
        .await;
    assert_eq!(json["actions"][0]["owner"], "Dana, Head of CS");
    assert_eq!(json["actions"][0]["status"], "in_progress");
    let ics = app
        .client
        .get(app.url(&paths::export(&sid, ExportFile::ActionsIcs)))
        .bearer_auth(&fac)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(ics.contains("DTSTART;VALUE=DATE:20261215\r\n"), "{ics}");
    assert!(
        ics.contains("SUMMARY:Weekly complaint digest\\, = starts Monday\r\n"),
        "{ics}"
    );

    let closed = app.command(&sid, &fac, next(Phase::Closed)).await;
    app.refused(
        &sid,
        &ann.token,
        Command::SubmitProblem {
            text: "late".into(),
        },
        409,
        "session_closed",
    )
    .await;

    // Every stream saw every event once, in order, and folds to the server's view.
    let fac_events = fac_stream.until(closed.seq).await;
    let seqs: Vec<u64> = fac_events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=closed.seq).collect::<Vec<_>>());
    let fac_final = app.snapshot(&sid, &fac).await;
    assert_eq!(fold(&fac_events, SessionState::default()), fac_final.state);
    let mut ann_all = ann_events;
    ann_all.extend(
        ann_stream
            .until(closed.seq)
            .await
            .into_iter()
            .filter(|e| e.seq > last_vote.seq),
    );
    assert_eq!(
        ann_all.iter().map(|e| e.seq).collect::<Vec<_>>(),
        (1..=closed.seq).collect::<Vec<_>>()
    );
    let ann_final = app.snapshot(&sid, &ann.token).await;
    assert_eq!(fold(&ann_all, SessionState::default()), ann_final.state);

    // A restart on the same file finds everything, and streams end with a final event.
    app.restart().await;
    let after = app.snapshot(&sid, &fac).await;
    assert_eq!(after.seq, fac_final.seq);
    assert_eq!(after.state, fac_final.state);
    assert_eq!(app.snapshot(&sid, &ann.token).await.state, ann_final.state);
    let bye = fac_stream.next_message(Duration::from_secs(5)).await;
    assert_eq!(
        bye.map(|m| m.event).as_deref(),
        Some(SSE_BYE),
        "streams end with a final event"
    );
}

async fn the_stream_resumes_from_last_event_id_without_gaps_or_repeats(backend: Backend) {
    let app = TestApp::start_on(backend).await;
    let created = app.create_session("Resume", Settings::default()).await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let ann = app.join(&sid, "Ann", MARKETING).await;
    app.command(
        &sid,
        &fac,
        Command::SetPhase {
            phase: Phase::Problems,
        },
    )
    .await;
    let mut last = 0;
    for i in 0..5 {
        last = app
            .command(
                &sid,
                &ann.token,
                Command::SubmitProblem {
                    text: format!("problem {i}"),
                },
            )
            .await
            .seq;
    }
    assert_eq!(last, 8);

    // A client that had seq 3 gets exactly 4..=8, then live events. (The
    // facilitator's: a participant's own stream also makes them online, an event.)
    let mut stream = app.stream(&sid, &fac, Some("3")).await;
    let backlog = stream.until(8).await;
    assert_eq!(
        backlog.iter().map(|e| e.seq).collect::<Vec<_>>(),
        vec![4, 5, 6, 7, 8]
    );
    let live = app
        .command(
            &sid,
            &ann.token,
            Command::SubmitProblem {
                text: "live".into(),
            },
        )
        .await;
    let next = stream
        .next_event(Duration::from_secs(5))
        .await
        .expect("live event");
    assert_eq!(next.seq, live.seq);
    assert!(
        stream
            .next_event(Duration::from_millis(300))
            .await
            .is_none(),
        "nothing duplicated"
    );

    // `?after=` works the same for clients that cannot set headers.
    let ticket = app.ticket(&sid, &ann.token).await;
    let res = app
        .client
        .get(app.url(&format!(
            "{}?ticket={ticket}&after=bogus",
            paths::events(&sid)
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_last_event_id");
    for bad in ["-1", "abc", "999"] {
        let ticket = app.ticket(&sid, &ann.token).await;
        let res = app
            .client
            .get(app.url(&format!("{}?ticket={ticket}", paths::events(&sid))))
            .header("Last-Event-ID", bad)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "Last-Event-ID {bad}");
    }
}

async fn bad_input_gets_typed_4xx_errors(backend: Backend) {
    let app = TestApp::start_on(backend).await;
    let created = app.create_session("Errors", Settings::default()).await;
    let (sid, fac) = (
        created.session_id.clone(),
        created.facilitator_token.clone(),
    );
    let ann = app.join(&sid, "Ann", MARKETING).await;

    let post = |path: String, body: String, ctype: &'static str| {
        let req = app
            .client
            .post(app.url(&path))
            .header("content-type", ctype)
            .body(body);
        async move {
            let res = req.send().await.unwrap();
            let status = res.status().as_u16();
            let body: serde_json::Value = res.json().await.unwrap_or_default();
            (
                status,
                body["error"]["code"]
                    .as_str()
                    .unwrap_or("<untyped>")
                    .to_owned(),
            )
        }
    };
    let long_title = "é".repeat(121);
    let cases = vec![
        (format!(r#"{{"title":"{long_title}","departments":["A","B"]}}"#), 422, "too_long"),
        (r#"{"title":"  ","departments":["A","B"]}"#.to_owned(), 422, "empty"),
        (r#"{"title":"T","departments":["A"]}"#.to_owned(), 422, "department_count"),
        (r#"{"title":"T","departments":["A","a"]}"#.to_owned(), 422, "duplicate_department"),
        (r#"{"title":"T","departments":["A","B"],"settings":{"vote_budget":0,"vote_cap_per_idea":1,"allow_own_department_ideas":false,"anonymous":false}}"#.to_owned(), 422, "invalid_settings"),
        (r#"{"title":"T","departments":["A","B"],"settings":{"vote_budget":-3,"vote_cap_per_idea":1,"allow_own_department_ideas":false,"anonymous":false}}"#.to_owned(), 400, "invalid_body"),
        ("{not json".to_owned(), 400, "invalid_json"),
        (r#"{"title":5}"#.to_owned(), 400, "invalid_body"),
    ];
    for (body, status, code) in cases {
        assert_eq!(
            post(paths::sessions().into(), body.clone(), "application/json").await,
            (status, code.to_owned()),
            "{body}"
        );
    }
    assert_eq!(
        post(paths::sessions().into(), "{}".into(), "text/plain").await,
        (415, "unsupported_media_type".to_owned())
    );
    // JSON with parameters or a `+json` type is JSON too (the server parses a plain
    // `application/json` body on a faster path: both must agree).
    for ctype in [
        "application/json; charset=utf-8",
        "application/vnd.summit+json",
    ] {
        let valid = r#"{"title":"T","departments":["A","B"]}"#;
        assert_eq!(
            post(paths::sessions().into(), valid.into(), ctype).await.0,
            201,
            "{ctype}"
        );
        assert_eq!(
            post(paths::sessions().into(), r#"{"title":5}"#.into(), ctype).await,
            (400, "invalid_body".to_owned()),
            "{ctype}"
        );
    }
    // An error names the field it is about, on either path.
    for ctype in ["application/json", "application/json; charset=utf-8"] {
        let res = app
            .client
            .post(app.url(paths::sessions()))
            .header("content-type", ctype)
            .body(r#"{"title":"T","departments":["A","B"],"settings":{"vote_budget":"x"}}"#)
            .send()
            .await
            .unwrap();
        let body: serde_json::Value = res.json().await.unwrap();
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("settings.vote_budget"),
            "{ctype}: {message}"
        );
    }
    let huge = format!(
        r#"{{"title":"{}","departments":["A","B"]}}"#,
        "x".repeat(200_000)
    );
    assert_eq!(
        post(paths::sessions().into(), huge, "application/json")
            .await
            .0,
        413
    );

    // Wrong phase, wrong role, unknown ids.
    app.refused(
        &sid,
        &ann.token,
        Command::SubmitProblem {
            text: "too early".into(),
        },
        409,
        "wrong_phase",
    )
    .await;
    app.refused(
        &sid,
        &ann.token,
        Command::SetPhase {
            phase: Phase::Problems,
        },
        403,
        "facilitator_only",
    )
    .await;
    app.refused(
        &sid,
        &fac,
        Command::SetPhase { phase: Phase::Vote },
        409,
        "phase_step",
    )
    .await;
    app.command(
        &sid,
        &fac,
        Command::SetPhase {
            phase: Phase::Problems,
        },
    )
    .await;
    app.refused(
        &sid,
        &fac,
        Command::SubmitProblem {
            text: "facilitators do not submit".into(),
        },
        403,
        "participant_only",
    )
    .await;
    app.refused(
        &sid,
        &ann.token,
        Command::WithdrawProblem {
            problem: ProblemId(99),
        },
        404,
        "unknown_problem",
    )
    .await;
    app.refused(
        &sid,
        &ann.token,
        Command::SubmitProblem {
            text: "x".repeat(1001),
        },
        422,
        "too_long",
    )
    .await;
    app.command(
        &sid,
        &ann.token,
        Command::SubmitProblem {
            text: "😀".repeat(1000),
        },
    )
    .await;

    // Tokens are scoped to their session.
    let other = app.create_session("Other", Settings::default()).await;
    let (status, body) = app
        .command_raw(&other.session_id, &ann.token, Command::ClearTimer {}, None)
        .await;
    assert_eq!(
        (status.as_u16(), body["error"]["code"].as_str()),
        (401, Some("invalid_token"))
    );
    let (status, body) = app
        .command_raw(&other.session_id, &fac, Command::ClearTimer {}, None)
        .await;
    assert_eq!(
        (status.as_u16(), body["error"]["code"].as_str()),
        (401, Some("invalid_token"))
    );
    let unknown = summit_shared::SessionId("A".repeat(22));
    let (status, body) = app
        .command_raw(&unknown, &fac, Command::ClearTimer {}, None)
        .await;
    assert_eq!(
        (status.as_u16(), body["error"]["code"].as_str()),
        (404, Some("session_not_found"))
    );

    // Joining: bad names, unknown departments, unknown codes.
    for (body, status, code) in [
        (r#"{"name":"","department":1}"#, 422, "empty"),
        (
            r#"{"name":"Zed","department":9}"#,
            404,
            "unknown_department",
        ),
        (r#"{"name":"Zed","department":1.5}"#, 400, "invalid_body"),
    ] {
        assert_eq!(
            post(paths::participants(&sid), body.into(), "application/json").await,
            (status, code.to_owned())
        );
    }
    let res = app
        .client
        .get(app.url("/api/join/ZZZZZZ"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app.client.get(app.url("/api/nope")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .client
        .get(app.url(&paths::session(&sid)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app
        .client
        .get(app.url(&format!("{}/export/passwords.txt", paths::session(&sid))))
        .bearer_auth(&fac)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .client
        .get(app.url(&format!(
            "{}?ticket=1.f.forged",
            paths::export(&sid, ExportFile::ActionsCsv)
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

// Rate limits lifted: every request must race to the decision, not to the limiter.
async fn concurrent_votes_respect_the_budget_and_keys_apply_once(backend: Backend) {
    let app = TestApp::start_configured(backend, |c| c.command_rate = 1e9).await;
    let created = app
        .create_session(
            "Race",
            Settings {
                vote_budget: 5,
                vote_cap_per_idea: 5,
                ..Settings::default()
            },
        )
        .await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let ann = app.join(&sid, "Ann", MARKETING).await;
    let bob = app.join(&sid, "Bob", SERVICE).await;
    app.command(
        &sid,
        &fac,
        Command::SetPhase {
            phase: Phase::Problems,
        },
    )
    .await;
    app.command(
        &sid,
        &ann.token,
        Command::SubmitProblem { text: "p".into() },
    )
    .await;
    app.command(&sid, &fac, Command::SetPhase { phase: Phase::Pick })
        .await;
    app.command(
        &sid,
        &fac,
        Command::ConfirmPick {
            problem: ProblemId(1),
            picked: true,
        },
    )
    .await;
    app.command(
        &sid,
        &fac,
        Command::SetPhase {
            phase: Phase::Ideas,
        },
    )
    .await;
    app.command(
        &sid,
        &bob.token,
        Command::SubmitIdea {
            problem: ProblemId(1),
            text: "i".into(),
        },
    )
    .await;
    app.command(&sid, &fac, Command::SetPhase { phase: Phase::Vote })
        .await;

    let tasks: Vec<_> = (0..60)
        .map(|_| {
            app.command_raw(
                &sid,
                &ann.token,
                Command::CastVote { idea: IdeaId(1) },
                None,
            )
        })
        .collect();
    let results = futures_util::future::join_all(tasks).await;
    let ok = results.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    assert_eq!(ok, 5);
    for (status, body) in results.iter().filter(|(s, _)| *s != StatusCode::OK) {
        assert_eq!(status.as_u16(), 409);
        assert_eq!(body["error"]["code"], "vote_budget_exceeded");
    }

    // The same idempotency key, sent many times at once, is applied once.
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            app.command_raw(
                &sid,
                &bob.token,
                Command::CastVote { idea: IdeaId(1) },
                Some("key-1"),
            )
        })
        .collect();
    let results = futures_util::future::join_all(tasks).await;
    assert!(results.iter().all(|(s, _)| *s == StatusCode::OK));
    assert!(
        results.windows(2).all(|w| w[0].1 == w[1].1),
        "same answer every time"
    );
    let snap = app.snapshot(&sid, &bob.token).await;
    assert_eq!(snap.state.votes_used(bob.participant_id), 1);
    assert_eq!(snap.state.total_votes(), 6);
}

/// The same suite on both engines.
macro_rules! on_both_stores {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test]
            async fn $name() {
                super::$name(super::Backend::Sqlite).await
            })*
        }
        mod postgres {
            $(#[tokio::test]
            async fn $name() {
                super::$name(super::Backend::Postgres).await
            })*
        }
    };
}

on_both_stores!(
    a_whole_summit_over_http,
    the_stream_resumes_from_last_event_id_without_gaps_or_repeats,
    bad_input_gets_typed_4xx_errors,
    concurrent_votes_respect_the_budget_and_keys_apply_once
);
