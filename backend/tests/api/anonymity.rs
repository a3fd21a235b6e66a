//! Anonymity that holds: in an anonymous session nothing a viewer receives (the
//! snapshot, the live stream, a command's answer) names who supported a problem,
//! the facilitator and the projector included; everyone still sees how many did.

use crate::common;

use common::TestApp;
use serde_json::Value;
use std::time::Duration;
use summit_shared::api::{paths, ExportFile};
use summit_shared::{Command, Event, IdeaId, ParticipantId, Phase, ProblemId, SessionId, Settings};

/// Every participant id the JSON names as a supporter (`"support": [..]`) or as the
/// participant of a support change, wherever it sits.
fn supporters(json: &Value, found: &mut Vec<u64>) {
    match json {
        Value::Object(map) => {
            if let Some(Value::Array(ids)) = map.get("support") {
                found.extend(ids.iter().filter_map(Value::as_u64));
            }
            if map.get("type").and_then(Value::as_str) == Some("pick_support_changed") {
                found.extend(map.get("participant").and_then(Value::as_u64));
            }
            map.values().for_each(|v| supporters(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| supporters(v, found)),
        _ => {}
    }
}

async fn raw_snapshot(app: &TestApp, sid: &SessionId, token: &str) -> Value {
    app.get_json(&paths::session(sid), Some(token)).await
}

/// Leak 2: the list of who supported each problem went to everyone.
#[tokio::test]
async fn nobody_learns_who_supported_a_problem_in_an_anonymous_session() {
    let app = TestApp::start().await;
    let settings = Settings {
        anonymous: true,
        ..Settings::default()
    };
    let created = app.create_session("Q4", settings).await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let ann = app.join(&sid, "Ann", 1).await;
    let bob = app.join(&sid, "Bob", 1).await;
    let cy = app.join(&sid, "Cy", 2).await;
    let phase = |phase| Command::SetPhase { phase };
    app.command(&sid, &fac, phase(Phase::Problems)).await;
    let text = "Briefs arrive late".to_owned();
    app.command(&sid, &ann.token, Command::SubmitProblem { text })
        .await;
    app.command(&sid, &fac, phase(Phase::Pick)).await;

    // Everyone watches live from here on.
    let mut streams = Vec::new();
    for token in [&fac, &ann.token, &bob.token, &cy.token] {
        streams.push(app.stream(&sid, token, None).await);
    }
    let support = Command::SupportProblem {
        problem: ProblemId(1),
        support: true,
    };
    let mut answers = Vec::new();
    for who in [&ann, &bob] {
        let (status, body) = app
            .command_raw(&sid, &who.token, support.clone(), None)
            .await;
        assert_eq!(status.as_u16(), 200, "{body}");
        answers.push((who.participant_id, body));
    }
    let seq = answers
        .iter()
        .filter_map(|(_, body)| body["seq"].as_u64())
        .max()
        .expect("a seq");

    // Each person's answer names only themself.
    for (me, body) in &answers {
        let mut found = Vec::new();
        supporters(body, &mut found);
        assert!(found.iter().all(|id| *id == u64::from(me.0)), "{body}");
    }
    // Each viewer's stream and snapshot: the count, and no one else's name.
    let viewers: [(Option<ParticipantId>, &str); 4] = [
        (None, &fac),
        (Some(ann.participant_id), &ann.token),
        (Some(bob.participant_id), &bob.token),
        (Some(cy.participant_id), &cy.token),
    ];
    for ((me, token), stream) in viewers.into_iter().zip(&mut streams) {
        let mine = |id: &u64| me.is_some_and(|m| u64::from(m.0) == *id);
        let mut seen = Vec::new();
        while seen.last().map_or(0, |(s, _)| *s) < seq {
            let msg = stream
                .next_message(Duration::from_secs(5))
                .await
                .expect("the stream goes on");
            if msg.event != summit_shared::api::SSE_EVENT {
                continue;
            }
            let json: Value = serde_json::from_str(&msg.data).expect("json");
            seen.push((json["seq"].as_u64().unwrap_or(0), json));
        }
        let mut found = Vec::new();
        for (_, json) in &seen {
            supporters(json, &mut found);
        }
        assert!(found.iter().all(mine), "{me:?} saw supporters {found:?}");
        let hidden = seen
            .iter()
            .filter(|(_, json)| json["event"]["type"] == "hidden_support")
            .count();
        let expected_hidden = if me == Some(cy.participant_id) || me.is_none() {
            2
        } else {
            1
        };
        assert_eq!(hidden, expected_hidden, "{me:?}");

        let snap = raw_snapshot(&app, &sid, token).await;
        let mut found = Vec::new();
        supporters(&snap, &mut found);
        assert!(found.iter().all(mine), "{me:?}'s snapshot names {found:?}");
        let typed = app.snapshot(&sid, token).await;
        assert_eq!(typed.state.problems[&ProblemId(1)].support_count(), 2);
        // Nor does any export: no line holding the problem names a person.
        for file in ExportFile::ALL {
            let res = app
                .client
                .get(app.url(&paths::export(&sid, file)))
                .bearer_auth(token)
                .send()
                .await
                .expect("send");
            assert!(res.status().is_success(), "{file:?}: {}", res.status());
            let body = res.text().await.expect("text");
            if file == ExportFile::SummaryMarkdown {
                assert!(body.contains("Briefs arrive late"), "the summary lists it");
            }
            for line in body.lines().filter(|l| l.contains("Briefs arrive late")) {
                for name in ["Ann", "Bob", "Cy"] {
                    assert!(
                        !line.contains(name),
                        "{me:?}'s {file:?} ties {name} to it: {line}"
                    );
                }
            }
        }
    }

    // The facilitator's readiness cannot name who has supported: only each person
    // knows it of themself.
    let facilitator = app.snapshot(&sid, &fac).await;
    assert!(!facilitator.state.has_acted(ann.participant_id));
    let ann_view = app.snapshot(&sid, &ann.token).await;
    assert!(ann_view.state.has_acted(ann.participant_id));
    // Named sessions keep naming supporters (the projection is for anonymity only).
    let named = app.create_session("Named", Settings::default()).await;
    let dee = app.join(&named.session_id, "Dee", 1).await;
    let eve = app.join(&named.session_id, "Eve", 1).await;
    let fac = named.facilitator_token;
    let nsid = named.session_id;
    app.command(&nsid, &fac, phase(Phase::Problems)).await;
    let text = "No brief template".to_owned();
    app.command(&nsid, &dee.token, Command::SubmitProblem { text })
        .await;
    app.command(&nsid, &fac, phase(Phase::Pick)).await;
    app.command(&nsid, &dee.token, support).await;
    let seen_by_eve = app.snapshot(&nsid, &eve.token).await;
    assert_eq!(
        seen_by_eve.state.problems[&ProblemId(1)].support,
        vec![dee.participant_id]
    );
}

/// Leak 1: removing an idea during Vote refunded its dots as one "hidden vote -1"
/// each, so every participant learnt its tally. Now the facilitator hides it and its
/// dots stay where they are: the others see it go, and no count moves.
#[tokio::test]
async fn hiding_an_idea_during_vote_tells_no_one_its_tally() {
    let app = TestApp::start().await;
    let created = app.create_session("Q4", Settings::default()).await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let ann = app.join(&sid, "Ann", 1).await;
    let bob = app.join(&sid, "Bob", 2).await;
    let cy = app.join(&sid, "Cy", 2).await;
    let phase = |phase| Command::SetPhase { phase };
    app.command(&sid, &fac, phase(Phase::Problems)).await;
    let text = "Briefs arrive late".to_owned();
    app.command(&sid, &ann.token, Command::SubmitProblem { text })
        .await;
    app.command(&sid, &fac, phase(Phase::Pick)).await;
    let problem = ProblemId(1);
    let pick = Command::ConfirmPick {
        problem,
        picked: true,
    };
    app.command(&sid, &fac, pick).await;
    app.command(&sid, &fac, phase(Phase::Ideas)).await;
    let text = "A shared calendar".to_owned();
    app.command(&sid, &bob.token, Command::SubmitIdea { problem, text })
        .await;
    app.command(&sid, &fac, phase(Phase::Vote)).await;
    let idea = IdeaId(1);
    for _ in 0..3 {
        app.command(&sid, &ann.token, Command::CastVote { idea })
            .await;
    }
    let mut cy_stream = app.stream(&sid, &cy.token, None).await;
    let before = app.snapshot(&sid, &cy.token).await;
    assert_eq!(before.state.total_votes(), 3);

    // Removing it for good is no longer the facilitator's: it hides instead.
    app.refused(
        &sid,
        &fac,
        Command::WithdrawIdea { idea },
        403,
        "not_author",
    )
    .await;
    let hidden = app
        .command(&sid, &fac, Command::HideIdea { idea, hidden: true })
        .await;
    let seen = cy_stream.until(hidden.seq).await;
    let after_catch_up: Vec<&Event> = seen
        .iter()
        .map(|e| &e.event)
        .skip_while(|e| !matches!(e, Event::IdeaGone { .. }))
        .collect();
    assert_eq!(after_catch_up, vec![&Event::IdeaGone { idea }]);
    assert!(
        !seen
            .iter()
            .any(|e| matches!(e.event, Event::HiddenVote { delta: -1, .. })),
        "{seen:?}"
    );
    let after = app.snapshot(&sid, &cy.token).await;
    assert_eq!(after.state.total_votes(), 3, "no count moved");
    assert!(!after.state.ideas.contains_key(&idea), "gone for Cy");
    // Ann's dots are hers to take back; the facilitator still sees the idea.
    let ann_view = app.snapshot(&sid, &ann.token).await;
    assert_eq!(
        ann_view.state.stranded_votes(ann.participant_id),
        vec![(idea, 3)]
    );
    let fac_view = app.snapshot(&sid, &fac).await;
    assert!(fac_view.state.ideas[&idea].hidden);
    // Restoring it is one action, and brings it back to everyone.
    let restored = app
        .command(
            &sid,
            &fac,
            Command::HideIdea {
                idea,
                hidden: false,
            },
        )
        .await;
    cy_stream.until(restored.seq).await;
    let cy_view = app.snapshot(&sid, &cy.token).await;
    assert_eq!(cy_view.state.ideas[&idea].text, "A shared calendar");
}
