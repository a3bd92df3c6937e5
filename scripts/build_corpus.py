"""Build corpus v2 (``train.jsonl``, ``test.jsonl``) from the writers' raw files.

    python scripts/build_corpus.py            # writes the splits and prints the review report
    python scripts/build_corpus.py --dry-run  # only the report

Inputs:

- ``datasets/conduct_vi/v1/train.jsonl`` and ``v1/test.jsonl``: corpus v1.1 (one writer), kept as
  it was; its train comments get ``"voice": "v1"``; its test split becomes ``test_v1.jsonl``.
- ``datasets/conduct_vi/raw/<voice>.jsonl``: comments of corpus v2, one file per voice (persona),
  appended in batches by the writers with ``scripts/append_comments.py``.
- ``datasets/conduct_vi/raw/fixes.jsonl``: label corrections from review and adjudication
  (``{"id": ..., "labels": [...], "reason": ...}``) and ``{"id": ..., "drop": true, "reason": ...}``.

The voices listed in :data:`TEST_VOICES` write **only** the test split; all others only train.
Exact duplicates (same normalised, accent-stripped words) and near-duplicates (word-trigram
Jaccard >= 0.6, as ``conduct-nlp data check``) are dropped, keeping the first comment: v1 first,
then voices in file-name order. Nothing is generated: every comment was written as a whole.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from conduct_nlp.data import NEAR_DUPLICATE_JACCARD, dedupe_key, near_duplicates

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "datasets" / "conduct_vi"
RAW = DATA / "raw"

TEST_VOICES = ("qng_fisher_wife", "hcm_lawyer", "dl_highschool", "st_khmer_elder", "hn_retiree_fb",
               "hn_grab_driver", "hg_nurse_aide", "vt_oil_engineer", "dn_shipper")
# Train voices of rounds 1-2, written with test v2: deduplicated together with it.
EARLY_VOICES = ("bd_factory_worker", "cantho_college_student", "ct_nurse", "ct_truck_driver", "dn_angry_parent",
                "dn_genz", "dn_it_student", "hcm_parent_teacher", "hcm_uni_eval", "hn_office_worker", "hn_student",
                "hn_teen_gamer", "hotline_op", "hp_business", "hue_elder", "hue_pedagogy_student", "mekong_farmer",
                "minority_child", "na_retired_teacher", "nd_wheelchair", "qnam_builder", "sg_xeom", "tb_veteran",
                "th_young_mom")
# Train voices written after test v2 was fixed (rounds 3 to 23). They are deduplicated against test v2
# (which keeps its comments), so adding them never changes the test split.
LATE_VOICES = ("tn_agri_student", "hcm_poly_student", "ct_parent_zalo", "hn_grad_student",
               "qn_vocational_student", "nb_secondary_teacher", "hue_med_student", "gl_ethnic_student",
               "dn_course_eval", "hp_father", "bd_patient_family", "nt_hotel_clerk", "ct_uni_short",
               "hn_law_student", "hcm_parttime_student", "ht_farmer_son", "qb_petition_writer",
               "vp_factory_group",
               # round 4: plain evaluative wording (lists of qualities, everyday cue words, negation by
               # "thiếu"/"chưa"/"kém", requests), students and citizens
               "hcm_econ_student", "hn_pedagogy_student", "dn_evening_student", "vinh_pharmacy_student",
               "hn_ward_survey", "bn_worker_kiosk", "ag_rice_trader", "tth_retired_nurse",
               "ct_aquaculture_student", "hcm_it_masters", "qn_parent_group", "ls_border_trader",
               "hd_elderly_patient", "dl_coffee_farmer", "tv_khmer_student", "hp_maritime_student",
               # round 5: what is not conduct (skill, content, facilities, generic praise) next to what is
               "hcm_freshman_survey", "tn_med_student", "dn_language_student", "hn_vocational_trainee",
               "ct_night_market_vendor", "hb_muong_teacher", "sg_retired_engineer", "th_parent_survey",
               # round 6: how someone teaches or works (no label) vs how they treat people (label)
               "hcm_se_student", "qnh_teacher_trainee", "hn_econ_night_student", "hue_citizen_elder_son",
               "ct_nursing_student", "bg_farmer_kiosk", "dn_highschool_teacher", "vl_student_zalo",
               # round 7: long letters, posts, emails and hotline summaries (45-150 words)
               "nd_retired_official_letters", "hcm_fb_mom", "hotline_summary_north", "kg_fisherman_son",
               "hn_phd_candidate_email", "qt_veteran_widow",
               # round 8: ordinary comments describing what happened (courtesy vs arrogance, accuracy vs
               # indifference, enthusiasm vs courtesy)
               "py_construction_worker", "hn_accountant_woman", "bt_dragonfruit_farmer", "hcm_office_girl",
               "tq_forest_ranger_wife", "dn_taxi_driver", "hp_shipyard_retiree", "la_young_teacher",
               # round 9: conduct named in everyday words ("thái độ hách dịch", "thờ ơ", "trễ hẹn"), which
               # rounds 1-8 had avoided, next to the same words where they earn no label
               "bn_market_woman", "hcm_realestate_agent", "thh_retired_teacher", "ag_tailor",
               "hn_news_commenter", "qn_coal_miner", "ct_kiosk_survey", "dn_hotel_manager",
               "hue_pagoda_volunteer", "bd_union_rep", "lc_hmong_youth", "bl_shrimp_farmer",
               "hn_resident_doctor", "kt_highland_teacher", "hcm_dorm_student", "tg_pensioner_call",
               # round 10: whole stories (30-90 words) with several labelled acts, good and bad, side by side
               "qb_fishing_coop", "hn_young_father", "dt_lotus_farmer", "hcm_garment_worker",
               "nt_dive_instructor", "cm_secondary_teacher", "yb_dao_farmer", "hanam_veteran_son",
               "vt_single_mom", "qt_pharmacist", "hcm_retired_nurse_blog", "db_thai_woman",
               "hy_longan_trader", "tn_steel_worker", "hp_lecturer_citizen", "kh_hotline_south",
               # round 11: requests to do better, plain praise lists, skill or content vs guidance of people
               "hn_transport_student", "ct_farmer_requests", "hue_literature_student", "hcm_accounting_student",
               "dn_mech_student", "hp_elder_requests", "tn_it_student", "qnam_nurse_requests",
               "vinh_english_student", "bd_factory_hr", "hn_medical_student", "ag_young_mother_requests",
               "ctu_agri_student", "hn_highschool_parent", "sg_law_student", "lc_border_official_contact",
               # round 12: more people, the everyday mix
               "kg_guesthouse_owner", "hn_retired_colonel", "ntn_grape_farmer", "hcm_nail_salon",
               "th_returned_worker", "bp_rubber_tapper", "hn_genz_intern", "vl_grandmother",
               "dn_startup_founder", "tb_rice_coop_accountant", "gl_jrai_teacher_trainee", "hcm_wheelchair_artist",
               "hd_ceramics_craftsman", "pt_tea_picker", "hue_tour_guide", "sl_border_teacher",
               # round 13: one labelled act among many details of a procedure; the four hardest violations
               "bentre_coconut_candy_maker", "hcm_grab_food_rider", "dalat_flower_grower_wife", "hn_pharmacy_owner",
               "qngai_farmer_son_for_father", "dn_hotline_summary_central", "na_returned_worker_korea",
               "sg_cholon_old_tailor", "tn_tea_trader", "ct_pregnant_teacher", "hp_container_driver",
               "vl_retired_postman_letters", "hcm_marriage_foreigner_bride", "qb_flood_volunteer_youth",
               "kontum_bana_nephew", "hn_developer_webform",
               # round 14: more people, the everyday mix
               "hb_muong_grandfather_via_grandson", "hn_bank_teller_citizen", "lagi_fish_sauce_maker",
               "hcm_uni_lecturer_parent", "thanhhoa_lottery_seller", "dn_construction_engineer",
               "ag_cham_muslim_woman", "hn_taxi_tech_old", "ct_hospital_cleaner_contract", "hp_fishing_port_manager",
               "dongnai_factory_team_leader", "hue_nun_volunteer", "bd_young_couple_firsthome",
               "ls_tay_border_guard_wife", "vt_ferry_ticket_seller", "hn_retired_judge_letters",
               # round 15: as round 13 (one labelled act among many details; the four hardest violations)
               "hn_single_father_shipper", "qtri_war_veteran_grandson", "sg_district7_expat_returnee",
               "nd_textile_worker_night", "tv_khmer_monk_helper", "hn_music_teacher_woman", "ninhbinh_homestay_owner",
               "kg_seaweed_farmer_daughter", "hcm_taxi_dispatcher_hotline", "yb_tay_midwife_village",
               "dn_retired_fisher_letters", "bg_litchi_trader_young", "hue_university_staff_parent",
               "ct_motorbike_mechanic", "hn_deaf_community_writer", "tn_rubber_plantation_guard",
               # round 16: showing up and caring, helping or not, said plainly (indifference, enthusiasm)
               "hcm_cafe_barista_student", "tb_kindergarten_grandma", "dn_ambulance_driver",
               "ag_highschool_homeroom_parent", "hn_uni_exchange_returnee", "py_cassava_farmer",
               "hcm_district_hospital_patient", "thn_young_teacher_complaints", "vinh_taxi_motor_old",
               "hn_kindergarten_teacher_mom", "ct_lottery_wheelchair", "hp_port_customs_broker",
               "lamdong_koho_student", "bn_electronics_worker_shift", "hue_elder_care_volunteer",
               "sg_district1_office_manager",
               # round 17: whose conduct is it? (staff next to citizens, brokers, guards, shops)
               "hn_apartment_board_member", "kg_phuquoc_boat_owner", "hcm_notary_clerk_citizen",
               "ha_giang_hmong_trader", "dn_bus_station_vendor", "hn_law_firm_intern", "bd_security_guard_private",
               "tn_ethnic_tay_nurse_mother", "vt_fish_sauce_shop", "hn_retired_doctor_letters",
               "cantho_grab_bike_woman", "qn_ha_long_tour_boat_staff", "la_rice_mill_owner",
               "yb_student_teacher_practicum", "hp_wedding_photographer", "ninhthuan_cham_teacher",
               # round 18: what staff said and what they did (quoted words, fairness, accuracy acts)
               "lai_chau_hmong_farmer", "hcm_district1_office_worker", "hd_retired_nurse_letter",
               "dt_sadec_flower_grower", "vp_industrial_zone_worker_girl", "pleiku_coffee_family_elder",
               "ha_tinh_returned_migrant_worker", "bt_phanthiet_fish_sauce_seller", "lc_sapa_dao_homestay_owner",
               "thuduc_ride_hailing_driver", "ninh_thuan_cham_potter", "hn_startup_founder",
               "thai_nguyen_tea_grower_mother", "qnam_tamky_retired_accountant", "hn_old_quarter_grandma_hotline",
               "kt_kontum_young_mother",
               # round 19: short verdicts as surveys, kiosks and course evaluations get them
               "hcm_medical_university_student", "bn_vocational_college_student", "dl_teacher_ed_student",
               "ct_clinic_survey_patient", "hn_highschool_student_survey", "qng_kindergarten_parent",
               "tn_engineering_student_short", "bd_hospital_kiosk_worker", "vinh_agri_student_nghe",
               "hcm_postgrad_working_mom", "ag_district_hospital_elder", "hd_secondary_teacher_peer",
               "kh_nhatrang_tourism_student", "tg_farmer_wife_survey", "py_highschool_parent", "hcm_it_student_form",
               # round 20: listening, thanking, apologising, and the norms next to them
               "cb_nung_forest_worker", "dongthap_retired_ferry_captain", "hn_longbien_pregnant_accountant",
               "bd_thuanan_motorbike_repair_teen", "qt_dongha_school_bus_driver", "hcm_govap_street_food_vendor",
               "nghean_overseas_labour_applicant", "ld_baoloc_silk_weaver", "hcm_transgender_beautician",
               "tn_disabled_veteran_daughter", "kh_camranh_navy_wife", "dl_ede_village_nurse",
               "hn_hoankiem_tour_operator_email", "bl_salt_farmer_wife", "hn_hadong_landlord",
               "tv_khmer_kindergarten_teacher",
               # round 21: offices the corpus has seen least, the everyday mix
               "hy_military_service_mother", "vungtau_ferry_commuter_nurse", "hn_public_library_retiree",
               "hcm_sanitation_worker_son", "dn_fire_safety_cafe_owner", "bg_vet_station_pig_farmer",
               "hcm_driving_test_student", "nd_notary_elder_sisters", "tn_prison_visiting_wife",
               "kg_social_housing_applicant", "qb_storm_relief_village_head_son",
               "lc_border_gate_fruit_trucker", "overseas_student_consulate_japan",
               "hue_cemetery_relocation_family", "hcm_employment_center_jobseeker",
               "tg_railway_station_vendor",
               # round 22: told by someone else, in another genre (summaries, minutes, petitions, surveys)
               "bd_1022_operator_summaries", "qnam_readers_letters_editor", "hp_voter_meeting_secretary",
               "bienhoa_fb_group_admin", "ct_lawyer_assistant_petitions", "th_sipas_survey_answers",
               "hn_grandchild_retelling_grandma", "la_factory_union_officer", "sonla_village_head_zalo",
               "vp_parent_association_head", "bentre_red_cross_volunteer", "hue_student_reporter_onestop",
               "qn_bus_drivers_association", "hd_korean_returnee_family", "bn_young_mom_tiktok_captions",
               "ag_chau_doc_ferry_vendor_hotline",
               # round 23: the cue words used plainly, as most real comments use them
               "hcm_uni_course_survey_third_year", "hn_parent_school_feedback_mom",
               "dn_hospital_patient_survey_elder", "ct_onestop_kiosk_ratings", "hue_college_student_teachers",
               "hp_tax_office_business_owner", "vl_zalo_commune_feedback", "tn_postgrad_lecturer_eval")

# The guideline's stock cue phrases (and their unaccented forms). A comment whose labels are
# reached "without cue phrases" contains none of them.
STOCK_CUES = (
    "hách dịch", "sách nhiễu", "phiền hà", "cửa quyền", "quan liêu", "trịch thượng", "nhiệt tình",
    "tận tình", "tận tâm", "chu đáo", "niềm nở", "vui vẻ", "thân thiện", "thờ ơ", "vô cảm",
    "trách nhiệm", "đúng hẹn", "trễ hẹn", "lịch sự", "lễ phép", "tiêu cực", "gây khó dễ", "làm khó",
    "đùn đẩy", "cau có", "cộc lốc", "cộc cằn", "nhanh chóng", "chính xác", "lắng nghe", "xin lỗi",
    "cảm ơn", "tươi cười", "gần gũi", "tôn trọng", "ban ơn", "quá hạn", "lót tay", "bồi dưỡng",
)
HARD_KINDS = ("sarcasm", "hypothetical", "own_conduct", "non_official", "not_conduct", "contentless",
              "thanks_specific", "thanks_bare")
NO_LABEL_KINDS = ("own_conduct", "non_official", "not_conduct", "contentless", "thanks_bare")


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def has_stock_cue(text: str) -> bool:
    from conduct_nlp import strip_accents

    low = text.lower()
    plain = strip_accents(low)
    return any(c in low or strip_accents(c) in plain for c in STOCK_CUES)


def apply_fixes(rows: list[dict], fixes: dict[str, dict]) -> tuple[list[dict], int, int]:
    out, relabelled, dropped = [], 0, 0
    for r in rows:
        fix = fixes.get(r["id"])
        if fix is None:
            out.append(r)
        elif fix.get("drop"):
            dropped += 1
        else:
            relabelled += sorted(fix["labels"]) != sorted(r["labels"])
            out.append({**r, "labels": fix["labels"]})
    return out, relabelled, dropped


def dedupe(rows: list[dict], keep_first: int = 0) -> tuple[list[dict], list[str]]:
    """Drop exact and near duplicates of earlier rows; the first ``keep_first`` rows are never dropped."""
    seen: set[str] = set()
    kept, log = [], []
    for i, r in enumerate(rows):
        key = dedupe_key(r["text"])
        if key in seen and i >= keep_first:
            log.append(f"exact duplicate dropped: {r['id']} {r['text'][:60]!r}")
            continue
        seen.add(key)
        kept.append(r)
    drop: set[int] = set()
    for i, j, jac in near_duplicates([r["text"] for r in kept], NEAR_DUPLICATE_JACCARD):
        if j >= keep_first and i not in drop:
            drop.add(j)
            log.append(f"near duplicate dropped ({jac:.2f}): {kept[j]['id']} ~ {kept[i]['id']} {kept[j]['text'][:60]!r}")
    return [r for k, r in enumerate(kept) if k not in drop], log


def suspicious(r: dict) -> str | None:
    """A quick label check for review: kinds whose labels contradict their kind."""
    kind, labels = r.get("kind", ""), r["labels"]
    if kind in NO_LABEL_KINDS and labels:
        return f"kind {kind} but labels {labels}"
    if kind in ("sarcasm", "thanks_specific") and not labels:
        return f"kind {kind} but no label"
    return None


def report(name: str, rows: list[dict]) -> dict:
    new = [r for r in rows if r.get("voice") != "v1"]
    voices = Counter(r["voice"] for r in new)
    labelled = [r for r in new if r["labels"]]
    cue_free = [r for r in labelled if not has_stock_cue(r["text"])]
    kinds = Counter(r.get("kind", "") for r in new)
    labels = Counter(c for r in rows for c in r["labels"])
    out = {
        "comments": len(rows), "new": len(new), "voices": dict(voices.most_common()),
        "largest_voice_share": round(max(voices.values()) / len(new), 3) if new else None,
        "labelled_new": len(labelled), "cue_free_labelled_new": len(cue_free),
        "cue_free_share_of_new": round(len(cue_free) / len(new), 3) if new else None,
        "kinds": {k: kinds.get(k, 0) for k in HARD_KINDS},
        "no_label_share": round(sum(not r["labels"] for r in rows) / len(rows), 3),
        "labels": dict(sorted(labels.items())),
    }
    print(f"\n== {name}: {out['comments']} comments ({out['new']} new from {len(voices)} voices; "
          f"largest voice {out['largest_voice_share']:.1%})")
    print(f"   labelled new {out['labelled_new']}, of which without stock cue phrases {out['cue_free_labelled_new']} "
          f"({out['cue_free_share_of_new']:.1%} of all new comments)")
    print("   hard cases: " + ", ".join(f"{k} {v}" for k, v in out["kinds"].items()))
    print(f"   no label: {out['no_label_share']:.1%}; labels: " + ", ".join(f"{k} {v}" for k, v in out["labels"].items()))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--show-suspicious", type=int, default=0, help="print this many suspicious rows")
    args = ap.parse_args(argv)
    fixes_path = RAW / "fixes.jsonl"
    fixes = {f["id"]: f for f in read_jsonl(fixes_path)} if fixes_path.exists() else {}
    v1_train, rel_v1, drop_v1 = apply_fixes([{**r, "voice": "v1"} for r in read_jsonl(DATA / "v1" / "train.jsonl")],
                                            fixes)
    v1_test = read_jsonl(DATA / "v1" / "test.jsonl")  # test v1 stays exactly as it was
    raw_train, raw_test, raw_late = [], [], []
    voice_files = [p for p in sorted(RAW.glob("*.jsonl")) if p.name != "fixes.jsonl"]
    unlisted = [p.stem for p in voice_files if p.stem not in TEST_VOICES + LATE_VOICES + EARLY_VOICES]
    if unlisted:
        # an unlisted voice would be deduplicated before test v2 and could take test comments away
        raise SystemExit(f"voices not listed in build_corpus.py: {', '.join(unlisted)}; a new train voice "
                         "belongs in LATE_VOICES (deduplicated against test v2, which stays unchanged)")
    for path in voice_files:
        rows = read_jsonl(path)
        (raw_test if path.stem in TEST_VOICES else raw_late if path.stem in LATE_VOICES else raw_train).extend(rows)
    raw_train, rel_tr, drop_tr = apply_fixes(raw_train, fixes)
    raw_test, rel_te, drop_te = apply_fixes(raw_test, fixes)
    raw_late, rel_la, drop_la = apply_fixes(raw_late, fixes)
    print(f"fixes: {rel_tr + rel_te + rel_la + rel_v1} relabelled, {drop_tr + drop_te + drop_la + drop_v1} dropped")

    # train: v1 train first; a new comment that repeats test v1 is dropped too (test v1 stays as it was)
    pool, log_tr = dedupe(v1_train + v1_test + raw_train, keep_first=len(v1_train) + len(v1_test))
    train = pool[:len(v1_train)] + pool[len(v1_train) + len(v1_test):]
    # test v2: no duplicate within itself, none of train, none of test v1
    pool, log_te = dedupe(train + v1_test + raw_test, keep_first=len(train) + len(v1_test))
    test = pool[len(train) + len(v1_test):]
    # round 3: none of train, test v1 or test v2 (those keep their comments)
    fixed = train + v1_test + test
    pool, log_la = dedupe(fixed + raw_late, keep_first=len(fixed))
    train += pool[len(fixed):]
    print(f"train: {len(log_tr) + len(log_la)} duplicate(s) dropped; test v2: {len(log_te)} dropped")
    for line in (log_tr + log_te + log_la)[:40]:
        print("  " + line)
    sus = [(r, suspicious(r)) for r in train + test]
    sus = [(r, why) for r, why in sus if why]
    print(f"{len(sus)} row(s) whose labels contradict their kind")
    for r, why in sus[:args.show_suspicious]:
        print(f"  {r['id']}: {why}: {r['text'][:120]!r}")
    stats = {"train": report("train", train), "test": report("test v2", test),
             "test_v1": {"comments": len(v1_test)}}
    if args.dry_run:
        return 0
    for name, rows in (("train", train), ("test", test)):
        with (DATA / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    with (DATA / "test_v1.jsonl").open("w", encoding="utf-8") as fh:
        for r in v1_test:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    (DATA / "corpus_stats.json").write_text(json.dumps(stats, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"\nwritten {DATA / 'train.jsonl'}, {DATA / 'test.jsonl'}, {DATA / 'test_v1.jsonl'}, corpus_stats.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
