//! `actions-jira.csv`: the action items as Jira's CSV importer reads them (the
//! README maps its columns), parsed back with a real CSV reader. Formula-looking
//! text is neutralized, labels carry no spaces, the description speaks the session's
//! language, and proposals are left out.

use crate::common;

use common::TestApp;
use summit_shared::api::{paths, ExportFile};
use summit_shared::{
    ActionDraft, ActionStatus, Command, Date, DepartmentId, Language, ProblemId, Settings,
};

#[tokio::test]
async fn jira_reads_summary_description_assignee_due_date_and_labels() {
    let app = TestApp::start().await;
    let german = Settings {
        language: Language::De,
        ..Settings::default()
    };
    let (sid, fac, _ann, bob) = app.planned(german).await;
    let draft = |title: &str| ActionDraft {
        title: title.into(),
        problem: Some(ProblemId(1)),
        idea: Some(summit_shared::IdeaId(1)),
        owner: "Dana Scully".into(),
        department: DepartmentId(2),
        due: Date::new(2027, 1, 15).expect("a date"),
        status: ActionStatus::Open,
    };
    app.command(
        &sid,
        &fac,
        Command::CreateAction {
            action: draft("=HYPERLINK(\"http://evil\") weekly digest"),
        },
    )
    .await;
    app.command(
        &sid,
        &bob.token,
        Command::ProposeAction {
            action: draft("A proposal, not agreed"),
        },
    )
    .await;

    let res = app
        .client
        .get(app.url(&paths::export(&sid, ExportFile::ActionsJiraCsv)))
        .bearer_auth(&fac)
        .send()
        .await
        .expect("send");
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .expect("ascii")
        .starts_with("text/csv"));
    let body = res.text().await.expect("text");
    let mut reader = csv::Reader::from_reader(body.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "Summary",
            "Description",
            "Assignee",
            "Due date",
            "Labels",
            "Labels"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), 1, "the proposal is not exported: {body}");
    let row = &rows[0];
    assert_eq!(
        &row[0], "'=HYPERLINK(\"http://evil\") weekly digest",
        "neutralized"
    );
    assert_eq!(
        &row[1],
        "Problem: Promos surprise support\nIdee: A shared promo calendar"
    );
    assert_eq!(&row[2], "Dana Scully");
    assert_eq!(&row[3], "2027-01-15");
    assert_eq!((&row[4], &row[5]), ("Customer_Service", "Marketing"));
}
