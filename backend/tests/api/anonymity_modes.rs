//! Named, anonymous until Plan, anonymous: a session made stricter midway withdraws
//! the names every viewer holds and sends none after; one anonymous until Plan shows
//! them with the tallies; none may be made looser.

use crate::common;

use common::{identities, TestApp};
use serde_json::Value;
use summit_shared::api::paths;
use summit_shared::{Command, Event, IdeaId, Phase, ProblemId, Settings};

fn mode(anonymous: bool, names_at_plan: bool) -> Settings {
    Settings {
        anonymous,
        names_at_plan,
        ..Settings::default()
    }
}

#[tokio::test]
async fn a_named_session_made_anonymous_withdraws_every_name() {
    let app = TestApp::start().await;
    let created = app.create_session("Q4", mode(false, false)).await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let ann = app.join(&sid, "Ann", 1).await;
    let bob = app.join(&sid, "Bob", 2).await;
    app.command(
        &sid,
        &fac,
        Command::SetPhase {
            phase: Phase::Problems,
        },
    )
    .await;
    let text = "Promos surprise support".to_owned();
    app.command(&sid, &ann.token, Command::SubmitProblem { text })
        .await;
    let mut bobs = app.stream(&sid, &bob.token, None).await;
    let made = app
        .command(
            &sid,
            &fac,
            Command::UpdateSettings {
                settings: mode(true, false),
            },
        )
        .await;
    assert!(made
        .events
        .iter()
        .any(|e| matches!(e.event, Event::NamesWithdrawn { keep: None })));
    // Bob's stream says the names are withdrawn; his snapshot holds none.
    let seen = bobs.until(made.events.last().map_or(0, |e| e.seq)).await;
    assert!(seen.iter().any(|e| e.event
        == Event::NamesWithdrawn {
            keep: Some(bob.participant_id)
        }));
    let snap: Value = app.get_json(&paths::session(&sid), Some(&bob.token)).await;
    let mut found = Vec::new();
    identities(&snap, &mut found);
    assert!(found.is_empty(), "Bob still learns {found:?}");
    let typed = app.snapshot(&sid, &ann.token).await;
    assert_eq!(
        typed.state.problems[&ProblemId(1)].author,
        Some(ann.participant_id),
        "Ann still knows her own"
    );
    // And it may not go back.
    app.refused(
        &sid,
        &fac,
        Command::UpdateSettings {
            settings: mode(false, false),
        },
        422,
        "invalid_settings",
    )
    .await;
}

#[tokio::test]
async fn anonymous_until_plan_shows_the_names_with_the_tallies() {
    let app = TestApp::start().await;
    let created = app.create_session("Q4", mode(true, true)).await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let ann = app.join(&sid, "Ann", 1).await;
    let bob = app.join(&sid, "Bob", 2).await;
    let to = |phase| Command::SetPhase { phase };
    app.command(&sid, &fac, to(Phase::Problems)).await;
    let text = "Promos surprise support".to_owned();
    app.command(&sid, &ann.token, Command::SubmitProblem { text })
        .await;
    app.command(&sid, &fac, to(Phase::Pick)).await;
    let pick = Command::ConfirmPick {
        problem: ProblemId(1),
        picked: true,
    };
    app.command(&sid, &fac, pick).await;
    app.command(&sid, &fac, to(Phase::Ideas)).await;
    let idea = Command::SubmitIdea {
        problem: ProblemId(1),
        text: "A shared calendar".into(),
    };
    app.command(&sid, &bob.token, idea).await;
    app.command(&sid, &fac, to(Phase::Vote)).await;
    let before = app.snapshot(&sid, &ann.token).await;
    assert_eq!(before.state.ideas[&IdeaId(1)].author, None);
    let mut anns = app.stream(&sid, &ann.token, None).await;
    let plan = app.command(&sid, &fac, to(Phase::Plan)).await;
    let last = plan.events.last().map_or(0, |e| e.seq);
    let seen = anns.until(last).await;
    assert!(seen
        .iter()
        .any(|e| matches!(e.event, Event::NamesRevealed { .. })));
    let after = app.snapshot(&sid, &ann.token).await;
    assert_eq!(
        after.state.ideas[&IdeaId(1)].author,
        Some(bob.participant_id)
    );
}
