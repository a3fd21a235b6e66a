//! Budgets and caps hold under any interleaving, and idempotency keys apply once,
//! with every request racing to the decision (rate limits lifted), on both engines.

use crate::common;

use common::{Backend, TestApp};
use reqwest::StatusCode;
use summit_shared::api::Joined;
use summit_shared::{Command, IdeaId, Phase, ProblemId, SessionId, Settings};

struct Room {
    app: TestApp,
    sid: SessionId,
    fac: String,
    people: Vec<Joined>,
}

/// A session in the Vote phase with `n` participants (alternating departments) and
/// two ideas for Marketing's problem, from Customer Service.
async fn room(backend: Backend, n: usize, settings: Settings) -> Room {
    let app = TestApp::start_configured(backend, |c| c.command_rate = 1e9).await;
    let created = app.create_session("Race", settings).await;
    let (sid, fac) = (created.session_id, created.facilitator_token);
    let mut people = Vec::new();
    for i in 0..n {
        people.push(app.join(&sid, &format!("P{i}"), (i % 2) as u32 + 1).await);
    }
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
        &people[0].token,
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
    for text in ["a", "b"] {
        app.command(
            &sid,
            &people[1].token,
            Command::SubmitIdea {
                problem: ProblemId(1),
                text: text.into(),
            },
        )
        .await;
    }
    app.command(&sid, &fac, Command::SetPhase { phase: Phase::Vote })
        .await;
    Room {
        app,
        sid,
        fac,
        people,
    }
}

async fn two_hundred_votes_from_one_participant_against_budget_five(backend: Backend) {
    let r = room(
        backend,
        2,
        Settings {
            vote_budget: 5,
            vote_cap_per_idea: 5,
            ..Settings::default()
        },
    )
    .await;
    let voter = &r.people[0];
    let results = futures_util::future::join_all((0..200).map(|i| {
        r.app.command_raw(
            &r.sid,
            &voter.token,
            Command::CastVote {
                idea: IdeaId(i % 2 + 1),
            },
            None,
        )
    }))
    .await;
    assert_eq!(
        results.iter().filter(|(s, _)| *s == StatusCode::OK).count(),
        5
    );
    for (status, body) in results.iter().filter(|(s, _)| *s != StatusCode::OK) {
        assert_eq!(
            (status.as_u16(), body["error"]["code"].as_str()),
            (409, Some("vote_budget_exceeded"))
        );
    }
    let snap = r.app.snapshot(&r.sid, &voter.token).await;
    assert_eq!(snap.state.votes_used(voter.participant_id), 5);
    assert_eq!(snap.state.total_votes(), 5);
}

async fn the_per_idea_cap_holds_across_many_participants(backend: Backend) {
    let r = room(
        backend,
        20,
        Settings {
            vote_budget: 10,
            vote_cap_per_idea: 3,
            ..Settings::default()
        },
    )
    .await;
    // Each of 20 participants fires 10 votes at idea 1 at once: 200 requests in all.
    let results = futures_util::future::join_all(r.people.iter().flat_map(|p| {
        (0..10).map(|_| {
            r.app.command_raw(
                &r.sid,
                &p.token,
                Command::CastVote { idea: IdeaId(1) },
                None,
            )
        })
    }))
    .await;
    assert_eq!(
        results.iter().filter(|(s, _)| *s == StatusCode::OK).count(),
        20 * 3
    );
    for (status, body) in results.iter().filter(|(s, _)| *s != StatusCode::OK) {
        assert_eq!(
            (status.as_u16(), body["error"]["code"].as_str()),
            (409, Some("vote_cap_exceeded"))
        );
    }
    for p in &r.people {
        let snap = r.app.snapshot(&r.sid, &p.token).await;
        assert_eq!(snap.state.votes_on(p.participant_id, IdeaId(1)), 3);
    }
    assert_eq!(r.app.snapshot(&r.sid, &r.fac).await.state.total_votes(), 60);
}

async fn one_idempotency_key_sent_twenty_times_at_once_applies_once(backend: Backend) {
    let r = room(backend, 2, Settings::default()).await;
    let voter = &r.people[0];
    let before = r.app.snapshot(&r.sid, &r.fac).await.seq;
    let results = futures_util::future::join_all((0..20).map(|_| {
        r.app.command_raw(
            &r.sid,
            &voter.token,
            Command::CastVote { idea: IdeaId(1) },
            Some("vote-once"),
        )
    }))
    .await;
    assert!(
        results.iter().all(|(s, _)| *s == StatusCode::OK),
        "{results:?}"
    );
    assert!(
        results.windows(2).all(|w| w[0].1 == w[1].1),
        "every retry gets the same answer"
    );
    assert_eq!(results[0].1["seq"], before + 1);
    let snap = r.app.snapshot(&r.sid, &voter.token).await;
    assert_eq!(snap.seq, before + 1, "applied once");
    assert_eq!(snap.state.votes_used(voter.participant_id), 1);
}

/// A session remembers at least each sender's newest keys, across a restart too, and
/// a busy sender's flood does not push out a quiet sender's keys (the embedded store
/// keeps keys in memory, bounded per sender, in generations of `KEPT`; PostgreSQL
/// looks every key up in its table).
#[tokio::test]
async fn each_sender_s_newest_keys_replay_after_a_restart() {
    use summit_shared::api::IDEMPOTENCY_KEYS_PER_ACTOR as KEPT;
    let mut r = room(Backend::Sqlite, 2, Settings::default()).await;
    let (busy, quiet) = (r.people[0].token.clone(), r.people[1].token.clone());
    let vote = |i: usize| {
        if i.is_multiple_of(2) {
            Command::CastVote { idea: IdeaId(1) }
        } else {
            Command::RetractVote { idea: IdeaId(1) }
        }
    };
    let (status, quiet_answer) = r
        .app
        .command_raw(&r.sid, &quiet, vote(0), Some("quiet"))
        .await;
    assert_eq!(status, StatusCode::OK, "{quiet_answer}");
    // Two generations and one key: the first generation, k0 to k{KEPT - 1}, is the
    // one forgotten.
    let mut answers = Vec::new();
    for i in 0..=2 * KEPT {
        let (status, answer) = r
            .app
            .command_raw(&r.sid, &busy, vote(i), Some(&format!("k{i}")))
            .await;
        assert_eq!(status, StatusCode::OK, "k{i}: {answer}");
        answers.push(answer);
    }
    r.app.restart().await;
    let seq = r.app.snapshot(&r.sid, &r.fac).await.seq;
    for (token, i, key, first) in [
        (&quiet, 0, "quiet".to_owned(), &quiet_answer),
        (
            &busy,
            2 * KEPT,
            format!("k{}", 2 * KEPT),
            &answers[2 * KEPT],
        ),
        (&busy, KEPT, format!("k{KEPT}"), &answers[KEPT]),
    ] {
        let (status, again) = r.app.command_raw(&r.sid, token, vote(i), Some(&key)).await;
        assert_eq!(status, StatusCode::OK, "{key}: {again}");
        assert_eq!(&again, first, "{key} answers as its first attempt did");
    }
    assert_eq!(
        r.app.snapshot(&r.sid, &r.fac).await.seq,
        seq,
        "no retry applied"
    );
    // Older keys of the busy sender are forgotten: sent again, one is a new command.
    let (status, again) = r
        .app
        .command_raw(&r.sid, &busy, vote(0), Some(&format!("k{}", KEPT - 1)))
        .await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["seq"], seq + 1, "applied anew: {again}");
}

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
    two_hundred_votes_from_one_participant_against_budget_five,
    the_per_idea_cap_holds_across_many_participants,
    one_idempotency_key_sent_twenty_times_at_once_applies_once,
);
