//! UI building blocks, one component per file. Most take the page's [`Live`](crate::live::Live)
//! session and read what they need from it reactively.

pub mod action_form;
pub mod action_items;
pub mod announcer;
pub mod card_search;
pub mod cards;
pub mod connection_status;
pub mod discussion;
pub mod duplicates;
pub mod erased;
pub mod error_banner;
pub mod export_menu;
pub mod group;
pub mod hidden_cards;
pub mod hidden_mine;
pub mod idea_board;
pub mod idea_flow;
pub mod limit_notice;
pub mod lobby;
pub mod merge;
pub mod moderation;
pub mod move_participant;
pub mod phase_bar;
pub mod phase_controls;
pub mod pick_list;
pub mod plan_board;
pub mod problem_list;
pub mod proposal_form;
pub mod readiness;
pub mod reveal_chart;
pub mod review;
pub mod settings_editor;
pub mod share_panel;
pub mod timer;
pub mod timer_controls;
pub mod vote_board;
