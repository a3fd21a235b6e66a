//! Exports speak the session's language: chosen at creation, changed by the
//! facilitator later; people's own text and the machine-read parts (CSV column
//! names, JSON keys) stay as they are.

use crate::common;

use common::TestApp;
use summit_shared::api::{paths, ExportFile};
use summit_shared::{
    ActionDraft, ActionStatus, Command, Date, DepartmentId, Event, Language, Phase, ProblemId,
    SessionId, Settings,
};

/// A session in Plan in `language`, with one problem and one action item.
async fn session_with_action(app: &TestApp, language: Language) -> (SessionId, String) {
    let settings = Settings {
        language,
        ..Settings::default()
    };
    let created = app.create_session("Q4 summit", settings).await;
    let sid = created.session_id;
    let fac = created.facilitator_token;
    let ann = app.join(&sid, "Ann", 1).await;
    let phase = |phase| Command::SetPhase { phase };
    app.command(&sid, &fac, phase(Phase::Problems)).await;
    let submitted = app
        .command(
            &sid,
            &ann.token,
            Command::SubmitProblem {
                text: "Briefs arrive late".into(),
            },
        )
        .await;
    let problem: ProblemId = match &submitted.events[0].event {
        Event::ProblemSubmitted { problem } => problem.id,
        other => panic!("unexpected {other:?}"),
    };
    for p in [Phase::Pick, Phase::Ideas, Phase::Vote, Phase::Plan] {
        if p == Phase::Ideas {
            app.command(
                &sid,
                &fac,
                Command::ConfirmPick {
                    problem,
                    picked: true,
                },
            )
            .await;
        }
        app.command(&sid, &fac, phase(p)).await;
    }
    let action = ActionDraft {
        title: "Launch calendar".into(),
        problem: Some(problem),
        idea: None,
        owner: "Dana".into(),
        department: DepartmentId(1),
        due: Date::parse("2027-01-15").expect("date"),
        status: ActionStatus::InProgress,
    };
    app.command(&sid, &fac, Command::CreateAction { action })
        .await;
    (sid, fac)
}

async fn export(app: &TestApp, sid: &SessionId, fac: &str, file: ExportFile) -> String {
    let res = app
        .client
        .get(app.url(&paths::export(sid, file)))
        .bearer_auth(fac)
        .send()
        .await
        .expect("send");
    assert!(res.status().is_success(), "{file:?} → {}", res.status());
    res.text().await.expect("text")
}

#[tokio::test]
async fn a_german_session_exports_in_german() {
    let app = TestApp::start().await;
    let (sid, fac) = session_with_action(&app, Language::De).await;
    let summary = export(&app, &sid, &fac, ExportFile::SummaryMarkdown).await;
    assert!(
        summary.contains("Phase: Plan. Teilnehmende: 1."),
        "{summary}"
    );
    assert!(summary.contains("## Maßnahmen"), "{summary}");
    assert!(summary.contains("| Verantwortlich |"), "{summary}");
    assert!(
        summary.contains("Briefs arrive late"),
        "people's text stays: {summary}"
    );
    let ics = export(&app, &sid, &fac, ExportFile::ActionsIcs).await;
    assert!(ics.contains("Verantwortlich: Dana"), "{ics}");
    assert!(ics.contains("Status: In Arbeit"), "{ics}");
    let csv = export(&app, &sid, &fac, ExportFile::ActionsCsv).await;
    assert!(
        csv.starts_with("\u{feff}id,title,status,owner,department,due,problem,idea\r\n"),
        "the column names are the API's: {csv}"
    );
    assert!(csv.contains(",In Arbeit,"), "{csv}");
}

#[tokio::test]
async fn the_facilitator_changes_the_language_later() {
    let app = TestApp::start().await;
    let (sid, fac) = session_with_action(&app, Language::En).await;
    let before = export(&app, &sid, &fac, ExportFile::ActionsMarkdown).await;
    assert!(before.starts_with("# Action items: Q4 summit"), "{before}");
    let settings = Settings {
        language: Language::Fr,
        ..app.snapshot(&sid, &fac).await.state.settings
    };
    app.command(&sid, &fac, Command::UpdateSettings { settings })
        .await;
    let after = export(&app, &sid, &fac, ExportFile::ActionsMarkdown).await;
    assert!(after.starts_with("# Actions: Q4 summit"), "{after}");
    assert!(
        after.contains("| Responsable |") && after.contains("En cours"),
        "{after}"
    );
    let summary = export(&app, &sid, &fac, ExportFile::SummaryMarkdown).await;
    assert!(
        summary.contains("Phase: Plan. Participants: 1."),
        "{summary}"
    );
}

#[tokio::test]
async fn the_language_is_in_the_state_for_every_viewer() {
    let app = TestApp::start().await;
    let settings = Settings {
        language: Language::Es,
        ..Settings::default()
    };
    let created = app.create_session("Cumbre", settings).await;
    let ann = app.join(&created.session_id, "Ann", 1).await;
    let seen = app.snapshot(&created.session_id, &ann.token).await;
    assert_eq!(seen.state.settings.language, Language::Es);
}
