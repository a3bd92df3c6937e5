"""Write datasets/README.md (the data card) from the corpus, its stats and the agreement files.

    python scripts/write_data_card.py
"""
import json, subprocess, sys
from pathlib import Path
ROOT=Path(__file__).resolve().parent.parent; D=ROOT/'datasets'/'conduct_vi'
cs=json.loads((D/'corpus_stats.json').read_text())
st=json.loads(subprocess.run([sys.executable,'-m','conduct_nlp.cli','data','stats',str(D/'train.jsonl'),str(D/'test.jsonl'),str(D/'test_v1.jsonl'),'--json'],capture_output=True,text=True,check=True).stdout)
tr,te,t1=(st[str(D/f)] for f in ('train.jsonl','test.jsonl','test_v1.jsonl'))
ag=json.loads((D/'agreement'/'agreement.json').read_text())
fa=json.loads((D/'agreement'/'full'/'agreement.json').read_text())
fixes=[json.loads(l) for l in open(D/'raw'/'fixes.jsonl')]
VOICES=[("hue_elder","train","retired primary teacher, 74, Huế; full diacritics, Huế words, polite letters"),
("sg_xeom","train","motorbike-taxi driver, 45, Saigon; Zalo, no diacritics, southern slang"),
("hn_student","train","university student, 19, Hanoi; teencode, about lecturers and campus offices"),
("hp_business","train","building-materials shop owner, 50, Hải Phòng; tax, licences, inspections"),
("hotline_op","train","provincial hotline operator summarising calls in the third person"),
("minority_child","train","Ê Đê / H'Mông 9th-grader writing for the parents; simple, imperfect Vietnamese"),
("ct_nurse","train","nurse, 32, Cần Thơ; citizen and insider views"),
("dn_angry_parent","train","angry parent, 38, Biên Hòa; caps, emoji, schools"),
("na_retired_teacher","train","retired teacher, 68, Nghệ An; formal letters, Nghệ words"),
("bd_factory_worker","train","factory worker, 27, from Thanh Hóa in Bình Dương; residence, social insurance"),
("mekong_farmer","train","farmer, 55, Đồng Tháp / An Giang; short survey answers, southern speech"),
("dn_genz","train","freelancer, 22, Đà Nẵng; English mixed in, emoji"),
("tb_veteran","train","war veteran, 72, Thái Bình; blunt, military register"),
("hn_office_worker","train","office worker, 30, Hanoi; very short kiosk / portal feedback"),
("hcm_uni_eval","train","university students, HCMC; end-of-term course evaluations"),
("th_young_mom","train","young mother, 29, Thanh Hóa; chatty Zalo groups"),
("nd_wheelchair","train","wheelchair user, 45, Nam Định; measured, fair"),
("ct_truck_driver","train","truck driver, 40, Cần Thơ; no diacritics, long rants"),
("qnam_builder","train","builder, 34, from Quảng Nam in Đà Nẵng; no diacritics, central speech"),
("hn_teen_gamer","train","high-school student, 17, Hanoi; no diacritics, heavy teencode"),
("dn_it_student","train","IT student, Đà Nẵng; course evaluations, English terms"),
("hue_pedagogy_student","train","teacher-training student, Huế; polite feedback on lecturers and offices"),
("hcm_parent_teacher","train","parent, HCMC; about teachers and school boards"),
("cantho_college_student","train","medical-college student, Cần Thơ; short evaluations"),
("tn_agri_student","train","agriculture student, Thái Nguyên; very short survey answers (round 3)"),
("hcm_poly_student","train","engineering student, HCMC; blunt, English terms, TAs and offices (round 3)"),
("ct_parent_zalo","train","mother of two, 36, Cần Thơ; school Zalo groups, southern speech (round 3)"),
("hn_grad_student","train","master's student, 29, Hanoi; long, articulate emails (round 3)"),
("qn_vocational_student","train","vocational student, 19, Quảng Ninh; no diacritics, workshop instructors (round 3)"),
("nb_secondary_teacher","train","secondary teacher, 45, Ninh Bình, writing as a citizen (round 3)"),
("hue_med_student","train","medical student, Huế; clinical teachers, hospital staff (round 3)"),
("gl_ethnic_student","train","Gia Rai student, 20, Pleiku; simple Vietnamese, scholarships (round 3)"),
("dn_course_eval","train","many students, Đà Nẵng; official end-of-course form, very short (round 3)"),
("hp_father","train","father, 48, Hải Phòng; blunt northern speech, schools and police (round 3)"),
("bd_patient_family","train","daughter caring for her mother in hospital, Bình Dương (round 3)"),
("nt_hotel_clerk","train","hotel receptionist, 26, Nha Trang; residence declarations, English mixed in (round 3)"),
("ct_uni_short","train","many students, Cần Thơ; 2–12-word lecturer feedback, southern speech (round 3)"),
("hn_law_student","train","law student, Hanoi; argues from the training regulations (round 3)"),
("hcm_parttime_student","train","first-year student and delivery rider, HCMC; no diacritics (round 3)"),
("ht_farmer_son","train","farmer's son, 35, Hà Tĩnh; no diacritics, Nghệ Tĩnh speech (round 3)"),
("qb_petition_writer","train","retired accountant, 63, Quảng Bình; long dated petitions to the provincial portal (round 3)"),
("vp_factory_group","train","union group leader, 41, Vĩnh Phúc industrial park; long posts for co-workers (round 3)"),
("hcm_econ_student","train","economics student, HCMC; end-of-term forms, lists of pros and cons (round 4)"),
("hn_pedagogy_student","train","teacher-training student, Hanoi; formal, polite; internship schools, home commune (round 4)"),
("dn_evening_student","train","working adult in an evening degree, 35, Đà Nẵng; surveys and emails (round 4)"),
("vinh_pharmacy_student","train","pharmacy student, Vinh; no diacritics, abbreviations; labs, hospital placement (round 4)"),
("hn_ward_survey","train","citizen, 50, Hanoi; one-stop satisfaction survey, short ratings (round 4)"),
("bn_worker_kiosk","train","factory worker, Bắc Ninh; kiosk and Zalo, no diacritics, abbreviations (round 4)"),
("ag_rice_trader","train","rice trader, 45, An Giang; Zalo and hotline, southern speech (round 4)"),
("tth_retired_nurse","train","retired nurse, 62, Huế; long careful letters about how the old are treated (round 4)"),
("ct_aquaculture_student","train","aquaculture student, Cần Thơ; short, friendly southern evaluations (round 4)"),
("hcm_it_masters","train","IT master's student, 28, HCMC; concise bullet points, English terms (round 4)"),
("qn_parent_group","train","parent, 38, Quảng Ninh; parents' Zalo group, emoji, mixed diacritics (round 4)"),
("ls_border_trader","train","border trader, 50, Lạng Sơn; long petitions, customs and border offices (round 4)"),
("hd_elderly_patient","train","elderly patient, 74, Hải Dương, typed by his grandchild; district hospital (round 4)"),
("dl_coffee_farmer","train","coffee farmer, 40, Đắk Lắk; no diacritics, curt; land office, commune (round 4)"),
("tv_khmer_student","train","Khmer student, Trà Vinh; Vietnamese as a second language, polite (round 4)"),
("hp_maritime_student","train","maritime student, Hải Phòng; blunt, slang, no diacritics (round 4)"),
("hcm_freshman_survey","train","first-year student, HCMC; very short app survey answers, teencode (round 5)"),
("tn_med_student","train","final-year medical student, Thái Nguyên; clinical rotations (round 5)"),
("dn_language_student","train","foreign-language student, Đà Nẵng; polite, English mixed in (round 5)"),
("hn_vocational_trainee","train","vocational trainee, 19, Hanoi; no diacritics, clipped (round 5)"),
("ct_night_market_vendor","train","night-market vendor, 52, Cần Thơ; Zalo and hotline, southern speech (round 5)"),
("hb_muong_teacher","train","Mường primary teacher, 34, Hòa Bình; plain careful reports (round 5)"),
("sg_retired_engineer","train","retired engineer, 68, HCMC; long numbered emails, some irony (round 5)"),
("th_parent_survey","train","parents of lower-secondary pupils, Thanh Hóa; end-of-year school survey (round 5)"),
("hcm_se_student","train","software-engineering student, HCMC; course feedback on delivery and exams (round 6)"),
("qnh_teacher_trainee","train","student teacher, 22, Quy Nhơn; mentors' methods vs how trainees are treated (round 6)"),
("hn_econ_night_student","train","part-time student, 30, Hanoi; quick notes after evening classes, no diacritics (round 6)"),
("hue_citizen_elder_son","train","son, 45, Huế, handling pensions and land for old parents; provincial web form (round 6)"),
("ct_nursing_student","train","nursing student, Cần Thơ; southern speech, clinical teachers (round 6)"),
("bg_farmer_kiosk","train","farmer, 50, Bắc Giang; district one-stop kiosk and hotline, no diacritics (round 6)"),
("dn_highschool_teacher","train","high-school teacher, 40, Đà Nẵng; training courses and education office, formal (round 6)"),
("vl_student_zalo","train","college student, Vĩnh Long; class Zalo group, teencode, emoji (round 6)"),
("nd_retired_official_letters","train","retired official, 70, Nam Định; long formal numbered letters (round 7)"),
("hcm_fb_mom","train","mother, 33, HCMC; long Facebook posts about her child's papers, emoji (round 7)"),
("hotline_summary_north","train","hotline operator, Bắc Ninh; long third-person call summaries (round 7)"),
("kg_fisherman_son","train","fisherman's son, 28, Kiên Giang; long run-on Zalo stories, no diacritics (round 7)"),
("hn_phd_candidate_email","train","PhD candidate, 31, Hanoi; long structured emails, English mixed in (round 7)"),
("qt_veteran_widow","train","war widow, 76, Quảng Trị, written by her grandchild; long petitions (round 7)"),
("py_construction_worker","train","builder, 38, Phú Yên; short Zalo stories, often no diacritics (round 8)"),
("hn_accountant_woman","train","accountant, 42, Hanoi; precise portal feedback with dates (round 8)"),
("bt_dragonfruit_farmer","train","dragon-fruit farmer, 55, Bình Thuận; hotline, typed by his daughter (round 8)"),
("hcm_office_girl","train","office worker, 26, HCMC; Facebook and Zalo, teencode, emoji (round 8)"),
("tq_forest_ranger_wife","train","forest ranger's wife, 35, Tuyên Quang; plain web forms (round 8)"),
("dn_taxi_driver","train","taxi driver, 47, Đà Nẵng; blunt Quảng speech, half without diacritics (round 8)"),
("hp_shipyard_retiree","train","retired shipyard worker, 66, Hải Phòng; long-winded letters (round 8)"),
("la_young_teacher","train","young teacher, 27, Long An; polite, education office and treasury (round 8)"),
("bn_market_woman","train","vegetable seller, 52, Bắc Ninh; Zalo typed by her daughter, blunt (round 9)"),
("hcm_realestate_agent","train","property broker, 35, HCMC; Zalo, no diacritics, dense abbreviations (round 9)"),
("thh_retired_teacher","train","retired literature teacher, 66, Thanh Hóa; formal letters naming qualities (round 9)"),
("ag_tailor","train","tailor, 45, Long Xuyên; Facebook comments, Mekong speech, emoji (round 9)"),
("hn_news_commenter","train","office worker, 30, Hanoi; comments under news posts, own experiences (round 9)"),
("qn_coal_miner","train","coal miner, 40, Cẩm Phả; short texts after shifts, no diacritics (round 9)"),
("ct_kiosk_survey","train","kiosk / survey answers at a Cần Thơ one-stop office, many citizens, 2-15 words (round 9)"),
("dn_hotel_manager","train","hotel manager, 38, Đà Nẵng; business emails to the portal (round 9)"),
("hue_pagoda_volunteer","train","pagoda volunteer, 58, Huế; helps lone elders with papers, Huế speech (round 9)"),
("bd_union_rep","train","trade-union officer, 44, Bình Dương; relays workers' complaints (round 9)"),
("lc_hmong_youth","train","young Hmong man, 24, Sa Pa; simple Vietnamese, short sentences (round 9)"),
("bl_shrimp_farmer","train","shrimp farmer, 50, Bạc Liêu; no diacritics, southern speech (round 9)"),
("hn_resident_doctor","train","resident doctor, 29, Hanoi, as a citizen; precise web feedback, some English (round 9)"),
("kt_highland_teacher","train","primary teacher, 33, Kon Tum; hotline and feedback forms (round 9)"),
("hcm_dorm_student","train","2nd-year student, 20, HCMC dorm; teencode, emoji (round 9)"),
("tg_pensioner_call","train","pensioner, 70, Mỹ Tho; hotline calls noted nearly verbatim (round 9)"),
("qb_fishing_coop","train","fishing co-op head, 56, Quảng Bình; long hotline calls and petitions (round 10)"),
("hn_young_father","train","young father, 31, Hanoi; long residents'-group posts, wry (round 10)"),
("dt_lotus_farmer","train","lotus farmer, 48, Đồng Tháp; voice-to-text, run-on, no diacritics (round 10)"),
("hcm_garment_worker","train","garment worker, 28, from Thanh Hóa in HCMC; Zalo, abbreviations (round 10)"),
("nt_dive_instructor","train","dive instructor, 34, Nha Trang; portal feedback with English words (round 10)"),
("cm_secondary_teacher","train","secondary teacher, 40, Cà Mau; letters and surveys (round 10)"),
("yb_dao_farmer","train","Dao farmer, 45, Yên Bái; typed by his son, simple sentences (round 10)"),
("hanam_veteran_son","train","veteran's son, 50, Hà Nam; long formal petitions with dates (round 10)"),
("vt_single_mom","train","single mother, 31, Bà Rịa; emotional Facebook posts, emoji (round 10)"),
("qt_pharmacist","train","pharmacist, 39, Đông Hà; precise business emails (round 10)"),
("hcm_retired_nurse_blog","train","retired nurse, 63, HCMC; long blog-like notes of visits (round 10)"),
("db_thai_woman","train","Thái woman, 36, Điện Biên; short simple Vietnamese (round 10)"),
("hy_longan_trader","train","longan trader, 54, Hưng Yên; market-north speech via her children (round 10)"),
("tn_steel_worker","train","steel worker, 42, Thái Nguyên; no diacritics, short or long (round 10)"),
("hp_lecturer_citizen","train","lecturer, 45, Hải Phòng, as a citizen; long reasoned emails (round 10)"),
("kh_hotline_south","train","hotline operator, Khánh Hòa; third-person call summaries (round 10)"),
("hn_transport_student","train","transport-university student, 21, Hanoi; end-of-course forms (round 11)"),
("ct_farmer_requests","train","farmer, 52, Cần Thơ; requests to the commune, no diacritics (round 11)"),
("hue_literature_student","train","literature-education student, 20, Huế; gentle, evocative (round 11)"),
("hcm_accounting_student","train","accounting student, 22, HCMC; student portal, abbreviations (round 11)"),
("dn_mech_student","train","mechanical-engineering student, 19, Đà Nẵng; very short survey answers (round 11)"),
("hp_elder_requests","train","elderly man, 72, Hải Phòng; courteous petitions typed by grandchildren (round 11)"),
("tn_it_student","train","IT student, 21, Thái Nguyên; faculty fan page, light teencode (round 11)"),
("qnam_nurse_requests","train","nurse, 35, Quảng Nam, as a citizen; constructive suggestions (round 11)"),
("vinh_english_student","train","English-major freshman, 18, Vinh; surveys with English words (round 11)"),
("bd_factory_hr","train","HR officer, 33, Bình Dương; polite emails with concrete requests (round 11)"),
("hn_medical_student","train","medical student, 22, Hanoi; clinical teachers and the training office (round 11)"),
("ag_young_mother_requests","train","young mother, 26, An Giang; Zalo to kindergarten and health station (round 11)"),
("ctu_agri_student","train","agriculture student, 20, Cần Thơ; short course feedback (round 11)"),
("hn_highschool_parent","train","parent, 44, Hanoi; school surveys and class Zalo group (round 11)"),
("sg_law_student","train","law student, 21, HCMC; reasoned lecturer evaluations (round 11)"),
("lc_border_official_contact","train","border trader, 40, Lào Cai; customs and border posts, short (round 11)"),
("kg_guesthouse_owner","train","guesthouse owner, 44, Phú Quốc; Zalo and portal, Mekong speech (round 12)"),
("hn_retired_colonel","train","retired colonel, 70, Hanoi; terse formal letters (round 12)"),
("ntn_grape_farmer","train","grape farmer, 47, Ninh Thuận; clipped, no diacritics (round 12)"),
("hcm_nail_salon","train","nail-salon owner, 36, HCMC; Saigon slang, dense emoji (round 12)"),
("th_returned_worker","train","worker back from Korea, 34, Thanh Hóa; a few Korean/English words (round 12)"),
("bp_rubber_tapper","train","rubber tapper, 39, Bình Phước; very short, no diacritics (round 12)"),
("hn_genz_intern","train","intern, 22, Hanoi; Gen-Z social-media slang (round 12)"),
("vl_grandmother","train","grandmother raising two grandchildren, 67, Vĩnh Long; typed by her niece (round 12)"),
("dn_startup_founder","train","startup founder, 30, Đà Nẵng; emails with English terms (round 12)"),
("tb_rice_coop_accountant","train","rice co-op accountant, 52, Thái Bình; administrative style (round 12)"),
("gl_jrai_teacher_trainee","train","Jrai teacher trainee, 21, Gia Lai; plain Vietnamese (round 12)"),
("hcm_wheelchair_artist","train","painter in a wheelchair, 41, HCMC; fine prose, accessibility (round 12)"),
("hd_ceramics_craftsman","train","potter, 55, Hải Dương; rural north speech via his son (round 12)"),
("pt_tea_picker","train","tea picker, 38, Phú Thọ; short texts, few diacritics (round 12)"),
("hue_tour_guide","train","tour guide, 33, Huế; sarcastic Facebook posts (round 12)"),
("sl_border_teacher","train","boarding-school teacher, 29, Sơn La border; plain Zalo (round 12)"),
("bentre_coconut_candy_maker","train","coconut-candy maker, 48, Bến Tre; Zalo and counter forms, Mekong speech (round 13)"),
("hcm_grab_food_rider","train","food-delivery rider, 24, HCMC; no diacritics, Saigon slang, emoji (round 13)"),
("dalat_flower_grower_wife","train","flower grower's wife, 39, Đà Lạt; long Facebook stories with dates (round 13)"),
("hn_pharmacy_owner","train","pharmacy owner, 50, Hanoi; measured emails, numbered lists (round 13)"),
("qngai_farmer_son_for_father","train","student, 20, Quảng Ngãi, typing for his sugar-cane-farmer father (round 13)"),
("dn_hotline_summary_central","train","1022 hotline operator, Đà Nẵng; third-person call summaries (round 13)"),
("na_returned_worker_korea","train","worker back from Korea, 33, Nghệ An; no diacritics, Nghệ words (round 13)"),
("sg_cholon_old_tailor","train","Chinese-Vietnamese tailor, 66, Chợ Lớn; short plain sentences via his granddaughter (round 13)"),
("tn_tea_trader","train","tea trader, 45, Thái Nguyên; web forms and hotline, blunt (round 13)"),
("ct_pregnant_teacher","train","pregnant primary teacher, 29, Cần Thơ; polite Zalo and email, emoji (round 13)"),
("hp_container_driver","train","container-truck driver, 40, Hải Phòng; blunt, caps when angry (round 13)"),
("vl_retired_postman_letters","train","retired postman, 68, Vĩnh Long; long formal letters (round 13)"),
("hcm_marriage_foreigner_bride","train","woman marrying a foreigner, 31, HCMC; Vietnamese with English words (round 13)"),
("qb_flood_volunteer_youth","train","flood-relief volunteer, 22, Quảng Bình; lively Facebook posts (round 13)"),
("kontum_bana_nephew","train","Ba Na young man, 25, Kon Tum, typing for villagers; simple Vietnamese (round 13)"),
("hn_developer_webform","train","software developer, 30, Hanoi; terse portal forms, bullet points (round 13)"),
("hb_muong_grandfather_via_grandson","train","Mường elder, 72, Hòa Bình, his words typed by his grandson (round 14)"),
("hn_bank_teller_citizen","train","bank employee, 28, Hanoi; tidy web forms, compares with banks (round 14)"),
("lagi_fish_sauce_maker","train","fish-sauce maker, 50, La Gi (Bình Thuận); hotline notes, no diacritics (round 14)"),
("hcm_uni_lecturer_parent","train","university lecturer and parent, 45, HCMC; reasoned emails, dry irony (round 14)"),
("thanhhoa_lottery_seller","train","lottery-ticket seller, 61, Thanh Hóa; short kiosk texts, Thanh Hóa words (round 14)"),
("dn_construction_engineer","train","construction engineer, 37, Đà Nẵng; no diacritics, dates and file numbers (round 14)"),
("ag_cham_muslim_woman","train","Cham Muslim woman, 35, An Giang; plain polite Zalo (round 14)"),
("hn_taxi_tech_old","train","ride-hailing driver and ex-soldier, 52, Hanoi; slow typing, no diacritics (round 14)"),
("ct_hospital_cleaner_contract","train","contract hospital cleaner, 47, Cần Thơ; what she sees on the wards (round 14)"),
("hp_fishing_port_manager","train","private fishing-port manager, 55, Hải Phòng; formal but blunt letters (round 14)"),
("dongnai_factory_team_leader","train","factory team leader, 38, Biên Hòa; Zalo for the workers, abbreviations (round 14)"),
("hue_nun_volunteer","train","Buddhist nun doing charity work, 40, Huế; gentle letters, Huế words (round 14)"),
("bd_young_couple_firsthome","train","young couple buying a first home, 27, Bình Dương; Facebook, emoji (round 14)"),
("ls_tay_border_guard_wife","train","Tày wife of a border guard, 32, Lạng Sơn; short gentle Zalo (round 14)"),
("vt_ferry_ticket_seller","train","ferry-ticket seller, 30, Vũng Tàu; quick phone typing, mixed diacritics (round 14)"),
("hn_retired_judge_letters","train","retired judge, 69, Hanoi; tight letters citing the law (round 14)"),
("hn_single_father_shipper","train","single father and delivery rider, 36, Hanoi; tired Zalo, no diacritics (round 15)"),
("qtri_war_veteran_grandson","train","grandson, 19, Quảng Trị, writing down a wounded veteran's words (round 15)"),
("sg_district7_expat_returnee","train","overseas Vietnamese back home, 48, HCMC; long emails with English (round 15)"),
("nd_textile_worker_night","train","night-shift textile worker, 26, Nam Định; quick phone typing (round 15)"),
("tv_khmer_monk_helper","train","Khmer novice monk helping elders, 23, Trà Vinh; simple polite Vietnamese (round 15)"),
("hn_music_teacher_woman","train","music teacher, 41, Hanoi; witty Facebook posts (round 15)"),
("ninhbinh_homestay_owner","train","homestay owner, 34, Ninh Bình; portal and Zalo (round 15)"),
("kg_seaweed_farmer_daughter","train","seaweed farmer's daughter, 17, Kiên Giang, typing for her mother (round 15)"),
("hcm_taxi_dispatcher_hotline","train","1022 hotline operator, HCMC; third-person call summaries (round 15)"),
("yb_tay_midwife_village","train","Tày village health worker, 38, Yên Bái; short plain stories (round 15)"),
("dn_retired_fisher_letters","train","retired fisherman, 66, Đà Nẵng; long letters typed by his daughter (round 15)"),
("bg_litchi_trader_young","train","litchi trader, 29, Lục Ngạn; fast Zalo, caps, slang (round 15)"),
("hue_university_staff_parent","train","university librarian and parent, 50, Huế; calm emails (round 15)"),
("ct_motorbike_mechanic","train","motorbike mechanic, 44, Cần Thơ; kiosk speech-to-text, no diacritics (round 15)"),
("hn_deaf_community_writer","train","deaf man, 31, Hanoi; web forms, whether staff would write things down (round 15)"),
("tn_rubber_plantation_guard","train","rubber-plantation guard, 45, Tây Ninh; terse Zalo (round 15)"),
("hcm_cafe_barista_student","train","student barista, 21, Thủ Đức; teencode without diacritics (round 16)"),
("tb_kindergarten_grandma","train","grandmother, 67, Thái Bình, typed by her daughter-in-law; long and plaintive (round 16)"),
("dn_ambulance_driver","train","ambulance driver, 41, Đà Nẵng; short, times to the minute (round 16)"),
("ag_highschool_homeroom_parent","train","head of a class's parents, Long Xuyên; Mekong speech, half diacritics (round 16)"),
("hn_uni_exchange_returnee","train","student back from an exchange, 22, Hanoi; short, English words (round 16)"),
("py_cassava_farmer","train","cassava farmer, 55, Phú Yên, typed by his daughter at a kiosk (round 16)"),
("hcm_district_hospital_patient","train","dialysis patient, 50, HCMC district 8; hospital feedback (round 16)"),
("thn_young_teacher_complaints","train","primary teacher, 27, Thái Nguyên; polite web forms, mild irony (round 16)"),
("vinh_taxi_motor_old","train","motorbike-taxi man, 62, Vinh; Nghệ speech, very short, no diacritics (round 16)"),
("hn_kindergarten_teacher_mom","train","public kindergarten teacher and mother, 34, Long Biên; Facebook, emoji (round 16)"),
("ct_lottery_wheelchair","train","lottery-ticket seller in a wheelchair, 45, Cần Thơ; short, gentle (round 16)"),
("hp_port_customs_broker","train","customs declarant, 30, Hải Phòng; technical emails, times and form numbers (round 16)"),
("lamdong_koho_student","train","K'Ho teacher-training student, 20, Lâm Đồng; simple Vietnamese (round 16)"),
("bn_electronics_worker_shift","train","electronics worker, 24, Bắc Ninh; after-shift typing, abbreviations (round 16)"),
("hue_elder_care_volunteer","train","volunteer for lonely elders, 58, Huế; gentle Huế speech (round 16)"),
("sg_district1_office_manager","train","office manager, 39, HCMC district 1; bullet-point emails, some sarcasm (round 16)"),
("hn_apartment_board_member","train","apartment residents' board member, 52, Hà Đông; careful emails on who did what (round 17)"),
("kg_phuquoc_boat_owner","train","fishing-boat owner, 46, Phú Quốc; Zalo without diacritics, brokers and crew (round 17)"),
("hcm_notary_clerk_citizen","train","private notary-office clerk, 31, Bình Thạnh; compares private and public offices (round 17)"),
("ha_giang_hmong_trader","train","Hmong market trader, 38, Đồng Văn, typed by a nephew at a kiosk (round 17)"),
("dn_bus_station_vendor","train","drinks seller at the bus station, 59, Đà Nẵng; Quảng speech typed by her son (round 17)"),
("hn_law_firm_intern","train","law-firm intern, 23, Cầu Giấy; precise Facebook notes, mild sarcasm (round 17)"),
("bd_security_guard_private","train","private building guard, 40, Thủ Dầu Một (not staff himself); Zalo abbreviations (round 17)"),
("tn_ethnic_tay_nurse_mother","train","Tày mother and private-clinic nurse, 33, Định Hóa; gentle detailed forms (round 17)"),
("vt_fish_sauce_shop","train","fish-sauce shop owner, 50, Phan Thiết; brokers and hawkers next to staff, emoji (round 17)"),
("hn_retired_doctor_letters","train","retired doctor, 72, Hoàn Kiếm; formal letters typed by a grandchild (round 17)"),
("cantho_grab_bike_woman","train","ride-hailing motorbike driver, 35, Ninh Kiều; no diacritics, light teencode (round 17)"),
("qn_ha_long_tour_boat_staff","train","tour-boat crew member, 28, Hạ Long; tourists, ticket touts and port staff (round 17)"),
("la_rice_mill_owner","train","rice-mill owner, 57, Long An; long petitions on workers, traders and commune staff (round 17)"),
("yb_student_teacher_practicum","train","student teacher on placement, 21, Yên Bái; mentors, parents and pupils (round 17)"),
("hp_wedding_photographer","train","wedding photographer, 32, Hải Phòng; comic Facebook stories, slang (round 17)"),
("ninhthuan_cham_teacher","train","Cham teacher, 44, Ninh Phước; careful, slightly old-fashioned web forms (round 17)"),
("lai_chau_hmong_farmer","train","Hmong farmer, 35, Lai Châu, typed by his teacher wife; short plain sentences (round 18)"),
("hcm_district1_office_worker","train","office worker, 29, District 1; fast phone typing, no diacritics, English words (round 18)"),
("hd_retired_nurse_letter","train","retired nurse, 63, Hải Dương; letters quoting staff word for word (round 18)"),
("dt_sadec_flower_grower","train","flower grower, 50, Sa Đéc; long winding Zalo messages, Mekong speech, no diacritics (round 18)"),
("vp_industrial_zone_worker_girl","train","factory worker, 22, Bình Xuyên; teencode, emoji, mixed diacritics (round 18)"),
("pleiku_coffee_family_elder","train","coffee grower, 72, Pleiku, typed by grandchildren; slow, thanks people by name (round 18)"),
("ha_tinh_returned_migrant_worker","train","worker back from Taiwan, 31, Hà Tĩnh; no diacritics, hot-tempered questions (round 18)"),
("bt_phanthiet_fish_sauce_seller","train","fish-sauce seller, 58, Phan Thiết; hotline summaries and texts without diacritics (round 18)"),
("lc_sapa_dao_homestay_owner","train","Dao homestay owner, 36, Sa Pa; Zalo abbreviations, tourism English (round 18)"),
("thuduc_ride_hailing_driver","train","ride-hailing driver from Nam Định, 40, Thủ Đức; curt, abbreviated, mild swearing (round 18)"),
("ninh_thuan_cham_potter","train","Cham potter, 45, Ninh Thuận, typed by her daughter; short polite sentences (round 18)"),
("hn_startup_founder","train","start-up founder, 33, Hà Nội; bullet-point emails with English terms (round 18)"),
("thai_nguyen_tea_grower_mother","train","tea grower and parent, 38, Thái Nguyên; school Zalo group, soft indirect wording (round 18)"),
("qnam_tamky_retired_accountant","train","retired accountant, 61, Tam Kỳ; emails listing dates, sums and receipt numbers (round 18)"),
("hn_old_quarter_grandma_hotline","train","grandmother, 80, Old Quarter, via hotline summaries in the third person (round 18)"),
("kt_kontum_young_mother","train","forest ranger's wife, 34, Kon Tum; texts without diacritics, 'nha', 'á', emoji (round 18)"),
("hcm_medical_university_student","train","second-year medical student, 20, HCMC; short course and placement surveys (round 19)"),
("bn_vocational_college_student","train","vocational college student, 19, Bắc Ninh; very short teencode without diacritics (round 19)"),
("dl_teacher_ed_student","train","teacher-education student, 21, Đà Lạt; gentle hedged feedback with 'ạ' (round 19)"),
("ct_clinic_survey_patient","train","patient, 55, Cần Thơ; hospital tablet survey, clipped, no diacritics (round 19)"),
("hn_highschool_student_survey","train","11th-grader, Hà Nội; teacher surveys, light teencode and emoji (round 19)"),
("qng_kindergarten_parent","train","kindergarten parent, 30, Quảng Ngãi; class Zalo group, local words (round 19)"),
("tn_engineering_student_short","train","engineering student, 22, Thái Nguyên; blunt end-of-term lecturer ratings (round 19)"),
("bd_hospital_kiosk_worker","train","factory worker, 35, Bình Dương; 2-10 word kiosk ratings with typos (round 19)"),
("vinh_agri_student_nghe","train","agriculture student, 20, Vinh; Nghệ speech ('răng', 'ni', 'mô') (round 19)"),
("hcm_postgrad_working_mom","train","working master's student and mother, 34, HCMC; polite evaluations of lecturers and offices (round 19)"),
("ag_district_hospital_elder","train","grandmother, 68, An Giang; hospital and commune surveys typed by her daughter (round 19)"),
("hd_secondary_teacher_peer","train","secondary-school teacher, 40, Hải Dương; internal feedback on the education office (round 19)"),
("kh_nhatrang_tourism_student","train","tourism student, 20, Nha Trang; emoji and English slang (round 19)"),
("tg_farmer_wife_survey","train","farmer's wife, 45, Tiền Giang; phone surveys of the health station and commune (round 19)"),
("py_highschool_parent","train","high-school parent, 42, Tuy Hòa; short frank Zalo messages (round 19)"),
("hcm_it_student_form","train","IT student, 19, HCMC; lowercase course-evaluation forms, English abbreviations (round 19)"),
("cb_nung_forest_worker","train","Nùng forest-protection worker, 42, Cao Bằng; plain short sentences, misplaced diacritics (round 20)"),
("dongthap_retired_ferry_captain","train","retired ferryman, 68, Đồng Tháp, typed by his grandson; long Mekong-dialect stories (round 20)"),
("hn_longbien_pregnant_accountant","train","accountant expecting her second child, 31, Long Biên; numbered, orderly complaints (round 20)"),
("bd_thuanan_motorbike_repair_teen","train","motorbike mechanic, 17, Thuận An; teencode without diacritics, mild swearing (round 20)"),
("qt_dongha_school_bus_driver","train","school-bus driver, 52, Đông Hà; central dialect ('mô', 'răng', 'rứa') (round 20)"),
("hcm_govap_street_food_vendor","train","bánh mì seller, 46, Gò Vấp; voice-to-text run-on sentences without punctuation (round 20)"),
("nghean_overseas_labour_applicant","train","young man applying to work in Japan, 24, Diễn Châu; Nghệ speech, diacritics on and off (round 20)"),
("ld_baoloc_silk_weaver","train","silk weaver, 38, Bảo Lộc; polite but direct web forms (round 20)"),
("hcm_transgender_beautician","train","transgender make-up artist, 27, District 10; Facebook posts, emoji, irony, English (round 20)"),
("tn_disabled_veteran_daughter","train","daughter of a war invalid, 40, Phổ Yên; respectful, concrete letters for her father (round 20)"),
("kh_camranh_navy_wife","train","navy officer's wife, 33, Cam Ranh, newly moved; Zalo, half without diacritics (round 20)"),
("dl_ede_village_nurse","train","Ê Đê nurse, 29, Buôn Ma Thuột, writing for her village; simple sentences, Ê Đê words (round 20)"),
("hn_hoankiem_tour_operator_email","train","small tour-operator director, 45, Hoàn Kiếm; long formal emails with bullet points (round 20)"),
("bl_salt_farmer_wife","train","salt farmer's wife, 50, Bạc Liêu; slow typing without diacritics, misspellings (round 20)"),
("hn_hadong_landlord","train","landlord of 12 rented rooms, 56, Hà Đông; blunt, complains often, praises sometimes (round 20)"),
("tv_khmer_kindergarten_teacher","train","Khmer kindergarten teacher, 26, Trà Vinh; short gentle sentences (round 20)"),
("hy_military_service_mother","train","mother of a conscript, 47, Hưng Yên; worried, detailed (round 21)"),
("vungtau_ferry_commuter_nurse","train","nurse commuting by state ferry, 35, Cần Giờ; Zalo without diacritics (round 21)"),
("hn_public_library_retiree","train","retired railway engineer, 71, Đống Đa; long old-fashioned formal letters (round 21)"),
("hcm_sanitation_worker_son","train","son of a state sanitation worker, 22, Bình Tân; angry Facebook posts without diacritics (round 21)"),
("dn_fire_safety_cafe_owner","train","café owner, 34, Hải Châu; fire-safety and market inspections, terse and wry (round 21)"),
("bg_vet_station_pig_farmer","train","pig farmer, 50, Lục Nam; hotline calls written down by the operator (round 21)"),
("hcm_driving_test_student","train","third-year student, 21, Thủ Đức; driving-test centre, teencode and emoji (round 21)"),
("nd_notary_elder_sisters","train","retired teacher, 66, Nam Định; inheritance at the state notary, courteous petitions (round 21)"),
("tn_prison_visiting_wife","train","prisoner's wife, 39, Thái Nguyên; visiting room and courts, short sad sentences (round 21)"),
("kg_social_housing_applicant","train","worker applying for social housing, 30, Rạch Giá; no diacritics, Mekong speech (round 21)"),
("qb_storm_relief_village_head_son","train","young man, 26, Lệ Thủy, writing for his father after the floods; Quảng Bình speech (round 21)"),
("lc_border_gate_fruit_trucker","train","dragon-fruit truck driver, 41, Lào Cai border gate; fast, cross, no diacritics (round 21)"),
("overseas_student_consulate_japan","train","student in Osaka, 23; consulate emails with Japanese and English words (round 21)"),
("hue_cemetery_relocation_family","train","man of 58, Hương Thủy, relocating his grandparents' graves; Huế speech (round 21)"),
("hcm_employment_center_jobseeker","train","laid-off garment worker, 37, Tân Bình; unemployment benefit, half without diacritics (round 21)"),
("tg_railway_station_vendor","train","food seller at Tháp Chàm station, 44; few words, many misspellings (round 21)"),
("bd_1022_operator_summaries","train","1022 hotline operator, 28, Thủ Dầu Một; third-person call summaries (round 22)"),
("qnam_readers_letters_editor","train","provincial newspaper editor, 45, Quảng Nam; readers'-letters digest (round 22)"),
("hp_voter_meeting_secretary","train","secretary of a voter meeting, 38, Hải Phòng; voters' points as minutes (round 22)"),
("bienhoa_fb_group_admin","train","neighbourhood Facebook group admin, 35, Biên Hòa; members' anonymous posts with her comments (round 22)"),
("ct_lawyer_assistant_petitions","train","lawyer's assistant, 26, Cần Thơ; formal petitions with dates and document numbers (round 22)"),
("th_sipas_survey_answers","train","satisfaction-survey free-text answers keyed in from paper forms, Thanh Hóa (round 22)"),
("hn_grandchild_retelling_grandma","train","granddaughter, 24, Cầu Giấy, retelling her grandmother's phone calls (round 22)"),
("la_factory_union_officer","train","factory union officer, 41, Đức Hòa; workers' complaints as bullet points (round 22)"),
("sonla_village_head_zalo","train","Thái village head, 52, Mộc Châu; village Zalo group, simple short sentences (round 22)"),
("vp_parent_association_head","train","parents' association head, 44, Vĩnh Yên; numbered letters to the principal (round 22)"),
("bentre_red_cross_volunteer","train","Red Cross volunteer, 30, Bến Tre; what she saw accompanying poor families (round 22)"),
("hue_student_reporter_onestop","train","journalism student, 21, Huế; reportage quoting people at a one-stop centre (round 22)"),
("qn_bus_drivers_association","train","bus drivers' association secretary, 47, Quy Nhơn; Bình Định speech, blunt (round 22)"),
("hd_korean_returnee_family","train","mother with a Korean husband, 36, Hải Dương; detailed emails with Korean and English words (round 22)"),
("bn_young_mom_tiktok_captions","train","young mother, 25, Từ Sơn; TikTok-style captions, emoji, 'nha mn' (round 22)"),
("ag_chau_doc_ferry_vendor_hotline","train","lottery-ticket seller, 63, Châu Đốc, via her daughter's messages; no diacritics (round 22)"),
("hcm_uni_course_survey_third_year","train","third-year student, 21, HCMC; end-of-term lecturer surveys, lists of qualities (round 23)"),
("hn_parent_school_feedback_mom","train","mother, 38, Thanh Xuân; school e-contact-book notes, short and polite (round 23)"),
("dn_hospital_patient_survey_elder","train","patient, 66, Đà Nẵng; hospital survey answers, short, light central speech (round 23)"),
("ct_onestop_kiosk_ratings","train","one-stop kiosk ratings from Cần Thơ keyed in by a clerk; 2-15 words, diacritics or not (round 23)"),
("hue_college_student_teachers","train","teacher-training college student, 19, Huế; lecturer feedback with 'ạ', 'dạ' (round 23)"),
("hp_tax_office_business_owner","train","building-materials shop owner, 50, Hải Phòng; web forms on tax, customs, registration (round 23)"),
("vl_zalo_commune_feedback","train","farmer, 45, Vĩnh Long; short Zalo notes without diacritics, Mekong speech (round 23)"),
("tn_postgrad_lecturer_eval","train","working master's student, 30, Thái Nguyên; measured lecturer and office evaluations (round 23)"),
("qng_fisher_wife","test","fisherman's wife, 40, Quảng Ngãi; central dialect, phone typing"),
("hcm_lawyer","test","lawyer, HCMC; precise complaints citing articles and deadlines"),
("dl_highschool","test","11th-grader, Đà Lạt; teachers, school office, teencode"),
("st_khmer_elder","test","Khmer elder, 70, Sóc Trăng, typed by his grandson"),
("hn_retiree_fb","test","retired official, 65, Hanoi; sarcastic Facebook posts"),
("hn_grab_driver","test","ride-hailing driver, 33, Hanoi; no diacritics, curt"),
("hg_nurse_aide","test","village health worker, 35, Hà Giang; short, mountain-north speech"),
("vt_oil_engineer","test","engineer, 45, Vũng Tàu; articulate portal feedback, mild irony"),
("dn_shipper","test","delivery rider, 29, Đà Nẵng; no diacritics, long rants")]
vc={**cs['train']['voices'], **cs['test']['voices']}
vrows="\n".join(f"| `{v}` | {s} | {vc.get(v,0):,} | {d} |" for v,s,d in VOICES)
from conduct_nlp import LABELS
lab_rows="\n".join(f"| `{c}` | {tr['labels'][c]:,} | {te['labels'][c]:,} | {t1['labels'][c]:,} |" for c in LABELS)
def pct(s,k): return f"{s[k]:,} ({s[k]/s['n']:.1%})"
kinds=cs['train']['kinds']; kt=cs['test']['kinds']
krow="\n".join(f"| {k} | {kinds[k]} | {kt[k]} |" for k in kinds)
ag_rows="\n".join(f"| `{c}` | {ag['all'][c]['support_a']} | {ag['all'][c]['support_b']} | {ag['all'][c]['f1']:.3f} | {ag['all'][c]['kappa']:.3f} | {fa[c]['f1']:.3f} | {fa[c]['kappa']:.3f} |" for c in LABELS)
WRITER_LABELS={}  # id -> the writer's raw labels (before fixes), read once for every round
for f in (D/'raw').glob('*.jsonl'):
    if f.name!='fixes.jsonl':
        WRITER_LABELS.update({r['id']:r['labels'] for r in map(json.loads,open(f,encoding='utf-8'))})
def round_agreement(parts):
    """(comments, micro-F1, exact match, disagreements) of the writers' raw labels vs the second annotator's."""
    tp=fp=fn=same=n=0
    for k in parts:
        lf=D/'agreement'/'full'/f'labels_{k}.jsonl'
        for r in (map(json.loads,open(lf,encoding='utf-8')) if lf.exists() else ()):
            a,b=set(WRITER_LABELS[r['id']]),set(r['labels'])
            tp+=len(a&b); fp+=len(b-a); fn+=len(a-b); same+=a==b; n+=1
    return n,(2*tp/(2*tp+fp+fn) if n else float('nan')),(same/n if n else float('nan')),n-same
# the parts of agreement/full/ that hold each round's second annotation
ROUND_PARTS={4:range(16,24),5:range(24,28),6:range(28,32),7:range(32,35),8:range(35,38),9:range(38,42),
             10:range(42,46),11:range(46,50),12:range(50,54),13:range(54,58),14:range(58,62),15:range(62,66),
             16:range(66,70),17:range(70,75),18:range(75,83),19:range(83,91),
             20:range(91,99),21:range(99,107),22:range(107,115),
             23:range(115,119)}
R4,R5,R6,R7,R8,R9,R10,R11,R12,R13,R14,R15,R16,R17,R18,R19,R20,R21,R22,R23=(round_agreement(p) for p in ROUND_PARTS.values())
n_sp=sum(1 for f in fixes if f['reason'].startswith('second pass'))
n_ag=sum(1 for f in fixes if f['reason'].startswith('agreement'))
text=f"""# Data card: `conduct_vi` v2

Vietnamese comments about public offices, labelled with the 12 codes of the annotation
guideline (shared guideline version 1, in the project's words: [`docs/annotation-guide.md`](../docs/annotation-guide.md)):
6 "3 không, 3 phải" norms × {{violation, compliance}}, multi-label, possibly no label.

> **These comments are authored for this project, not collected from real citizens.**
> No public labelled data exists for this task. Every comment was written by hand, as a whole,
> by writers each playing one persona ("voice": age, region, office, channel, typing habits),
> then labelled by the guideline and checked by a second, independent annotator with every
> disagreement adjudicated (below). Names, places and amounts are invented. Nothing here may be
> cited as evidence about any real office.

## Files

| file | comments | use |
|---|---:|---|
| `conduct_vi/train.jsonl` | {tr['n']:,} | training and model selection (cross-validation) |
| `conduct_vi/test.jsonl` | {te['n']:,} | **test v2**: written by {len(cs['test']['voices'])} voices that wrote **no** train comment; held-out estimate only |
| `conduct_vi/test_v1.jsonl` | {t1['n']:,} | the v1 test split (the v1 writer), unchanged, reported for comparison |
| `conduct_vi/raw/<voice>.jsonl` | | the writers' files, as appended; `raw/fixes.jsonl` the label corrections of the review; `raw/briefs/` the persona briefs |
| `conduct_vi/v1/` | | corpus v1.1 as it was (its train split is part of `train.jsonl` with `"voice": "v1"`) |
| `conduct_vi/agreement/` | | the agreement study and the second pass (below) |
| `sample_comments.csv` | 10 | the Quick-start demo file |

One JSON object per line, UTF-8, NFC:

```json
{{"id": "sg_xeom-0042", "text": "...", "labels": ["arrogance:violation"], "voice": "sg_xeom", "source": "zalo", "unit": "police_vehicle", "kind": ""}}
```

`voice` names the persona who wrote the comment (`v1` for corpus v1.1); `source` the channel
(counter_form, hotline, kiosk, zalo, web_form, facebook, email, survey); `unit` the office;
`kind` marks the hard cases: `sarcasm`, `hypothetical` (hypotheticals and wishes), `own_conduct`
(the citizen's own conduct), `non_official` (shop owners, private guards, other citizens),
`not_conduct` (facilities, websites, fees set by law, policy, teaching skill), `contentless`
(greetings, "ok", pronouns, emoji, plain questions, English, spam), `thanks_specific` (thanks
that names what was done) and `thanks_bare` (bare thanks); empty for an ordinary comment.

## How it was written

`python scripts/build_corpus.py` builds the splits from `v1/` and `raw/`: it applies
`raw/fixes.jsonl`, drops exact duplicates (same normalised, accent-stripped words) and
near-duplicates (word-trigram Jaccard ≥ 0.6) within and across splits, keeping the first, and
prints the counts below. Each writer (a helper session given one or more persona briefs, the
guideline and its own output file) appended batches of 50 through `scripts/append_comments.py`,
which validates every line. No templates, slot filling, generator scripts or accent-stripped
copies. The test voices wrote only test comments, after the train voices' briefs were fixed;
test v2 was used for nothing but final numbers.

- **Describe, don't name**: {cs['train']['cue_free_labelled_new']:,} of the {cs['train']['new']:,} new train comments
  ({cs['train']['cue_free_share_of_new']:.1%}) reach their labels without any of the guideline's stock cue phrases
  (`build_corpus.STOCK_CUES`: "hách dịch", "nhiệt tình", "đúng hẹn", "thờ ơ", …), e.g. "bắt đứng
  chờ rồi quay đi uống nước".
- **Voices**: {len(cs['train']['voices'])} voices wrote the {cs['train']['new']:,} new train comments, none more than
  {cs['train']['largest_voice_share']:.1%}; {len(cs['test']['voices'])} other voices wrote test v2.
- After the first models were scored on the real-text dev set (`vsfc-conduct-dev`, outside the
  repository, evaluation only), the *kinds* of errors seen there — teaching skill read as
  guidance, lecturers' punctuality missed as `indifference`, care for students missed, requests
  ("nên nhiệt tình hơn") not read as criticism — were answered with four more student / parent
  voices writing in their own words (`dn_it_student`, `hue_pedagogy_student`, `hcm_parent_teacher`,
  `cantho_college_student`). No sentence of the dev set was copied or paraphrased; no threshold or
  configuration was chosen on it.

| voice | split | comments | persona |
|---|---|---:|---|
| `v1` | train | {cs['train']['comments']-cs['train']['new']:,} | corpus v1.1, one writer playing many citizens |
{vrows}

## Counts (`conduct-nlp data stats datasets/conduct_vi/train.jsonl datasets/conduct_vi/test.jsonl datasets/conduct_vi/test_v1.jsonl`)

| label | train | test v2 | test v1 |
|---|---:|---:|---:|
{lab_rows}

| kind of text | train | test v2 | test v1 |
|---|---:|---:|---:|
| comments | {tr['n']:,} | {te['n']:,} | {t1['n']:,} |
| no label | {pct(tr,'no_label')} | {pct(te,'no_label')} | {pct(t1,'no_label')} |
| two or more labels | {pct(tr,'multi_label')} | {pct(te,'multi_label')} | {pct(t1,'multi_label')} |
| mixed verdicts | {pct(tr,'mixed_verdicts')} | {pct(te,'mixed_verdicts')} | {pct(t1,'mixed_verdicts')} |
| typed without diacritics | {pct(tr,'no_diacritics')} | {pct(te,'no_diacritics')} | {pct(t1,'no_diacritics')} |
| abbreviations / teencode | {pct(tr,'abbreviations')} | {pct(te,'abbreviations')} | {pct(t1,'abbreviations')} |
| emoji or emoticons | {pct(tr,'emoji')} | {pct(te,'emoji')} | {pct(t1,'emoji')} |
| 40 words or more | {pct(tr,'words_40_plus')} | {pct(te,'words_40_plus')} | {pct(t1,'words_40_plus')} |
| median words | {tr['median_words']} | {te['median_words']} | {t1['median_words']} |
| channels / office tags | {len(tr['source'])} / {len(tr['unit'])} | {len(te['source'])} / {len(te['unit'])} | {len(t1['source'])} / {len(t1['unit'])} |

Hard cases among the new comments (`kind`):

| kind | train | test v2 |
|---|---:|---:|
{krow}

## Agreement study and label check

1. **Study** (`python scripts/agreement.py`; files in `agreement/`): 400 random train and 300
   random test-v2 comments (seed 2026, drawn from the 8,898 train and 1,502 test-v2 comments that existed then)
   were relabelled from the texts alone by a second annotator who had not seen the labels.
   Agreement of the second annotator with the writers' labels: micro-F1 **{ag['all']['micro']['f1']:.3f}**
   (train {ag['train']['micro']['f1']:.3f}, test {ag['test']['micro']['f1']:.3f}), exact match {ag['all']['micro']['exact_match']:.1%}.
   A third reading adjudicated all 108 disagreements (writer kept 29, second annotator 74, other 5).
   The points that caused them became the labelling notes of `docs/annotation-guide.md`.
2. **Second pass over everything else** (`python scripts/agreement.py --full`): the other
   {fa['n']:,} comments of train and test v2 (the parts of `agreement/full/`; from round 3 on, each
   round's second annotation was added as the round was written) were relabelled the
   same way by second annotators (helper sessions that saw only the texts, the guideline and the
   labelling notes, 400 comments each); agreement micro-F1 **{fa['micro']['f1']:.3f}** (exact match {fa['micro']['exact_match']:.1%}); the
   disagreements were adjudicated by a third reading. In all, {len(fixes):,} comments had their labels corrected
   ({n_ag} from the study, {n_sp} from the second pass), recorded with a reason in `raw/fixes.jsonl`.
   The 800 comments of the four student / parent voices, written afterwards with the labelling
   notes in their brief, were labelled once (by their writers) and spot-checked (25 read by the maintainer).
3. **Round 3** (18 train voices marked "round 3" above, 2,480 comments, parts 9–15 of `agreement/full/`):
   written after test v2 was fixed, to cover the kinds of wording the model missed on real text
   (requests that imply a criticism, punctuality and follow-up, teaching skill vs conduct, brushing
   questions off; brief `raw/briefs/focus_students2.md`). Each was relabelled by a second annotator
   (agreement with the writers micro-F1 0.920, exact match 88.2%) and the 292 disagreements
   adjudicated by a third reading, like the second pass. They are deduplicated against test v2,
   which keeps its comments (`LATE_VOICES` in `scripts/build_corpus.py`).
4. **Rounds 4–8** (46 train voices marked "round 4" to "round 8" above, {R4[0]+R5[0]+R6[0]+R7[0]+R8[0]:,} comments,
   parts 16–37 of `agreement/full/`): written after the round-3 models were scored on real text, to
   cover the kinds of wording still missed there. Round 4 (`raw/briefs/focus_round4.md`): the plain
   evaluative wording most people use — short lists of qualities, everyday cue words ("quan tâm",
   "hòa đồng", "đúng giờ"), negation by "thiếu", "kém", "chưa … lắm", requests ("cần … hơn").
   Round 5 (`focus_round5.md`): what is not conduct (skill, content, facilities, generic praise)
   next to what is. Round 6 (`focus_round6.md`): how someone teaches or works (speed, voice,
   clarity, exercises: no label) against how they treat people. Round 7 (`focus_round7.md`): long
   letters, posts, emails and hotline summaries (45–150 words), which the short rounds had made
   rarer. Round 8 (`focus_round8.md`): ordinary mid-length scenes told without naming the vice,
   with the easily confused pairs (courtesy vs arrogance, accuracy vs indifference, enthusiasm vs
   courtesy). Each comment was relabelled by a
   second annotator; agreement with the writers: round 4 micro-F1 {R4[1]:.3f} (exact {R4[2]:.1%}),
   round 5 {R5[1]:.3f} ({R5[2]:.1%}), round 6 {R6[1]:.3f} ({R6[2]:.1%}), round 7 {R7[1]:.3f} ({R7[2]:.1%}),
   round 8 {R8[1]:.3f} ({R8[2]:.1%}); all {R4[3]+R5[3]+R6[3]+R7[3]+R8[3]:,} disagreements were
   adjudicated by a third reading and applied through `raw/fixes.jsonl`. Deduplicated against
   test v2 like round 3. Labelling notes 7–10 of the guide come from these rounds.
5. **Round 9** (16 train voices marked "round 9" above, {R9[0]:,} comments, parts 38–41 of
   `agreement/full/`; brief `raw/briefs/focus_round9.md`): rounds 1–8 had asked writers to describe
   what happened rather than name the vice, and had done it so well that the everyday names were
   rare (before round 9, "hách dịch" appeared in 53 of 21,073 train comments, "thờ ơ" in 5, "trễ hẹn"
   in 12, and "hách dịch" more often negated than not), so the bundled model missed
   "Cán bộ một cửa hách dịch, trễ hẹn hai tuần" (a hand-written example of the model card). Round 9
   names conduct the way many citizens do ("thái độ hách dịch, nói trống không", "làm việc tắc
   trách", "nhũng nhiễu"), with the same words where they earn no label or the opposite one
   (negated, hypothetical, non-officials, news talk) and the usual hard cases. Second annotation
   as before: agreement with the writers micro-F1 {R9[1]:.3f} (exact {R9[2]:.1%}); all {R9[3]:,}
   disagreements adjudicated and applied through `raw/fixes.jsonl`; deduplicated against test v2.
6. **Round 10** (16 train voices marked "round 10" above, {R10[0]:,} comments, parts 42–45 of
   `agreement/full/`; brief `raw/briefs/focus_round10.md`): cross-validated errors on train rise
   with length (wrong label sets on 16% of 5–15-word comments, 35% of 15–30, 49% of 30–60, 57% of
   60+), so round 10 writes whole stories (30–90 words, half of the round) in which several staff
   members do several things, good and bad, with the easily confused labels side by side and
   things that earn no label (the citizen, a private guard, the building) in the same story.
   Second annotation as before: agreement with the writers micro-F1 {R10[1]:.3f} (exact
   {R10[2]:.1%}); all {R10[3]:,} disagreements adjudicated and applied; deduplicated against test v2.
7. **Round 11** (16 train voices marked "round 11" above, {R11[0]:,} comments, parts 46–49 of
   `agreement/full/`; brief `raw/briefs/focus_round11.md`): after round 10 the bundled model still
   misread three kinds of wording on real text (kinds, not sentences, were taken from the dev set):
   requests to do better ("mong thầy nhiệt tình hơn", which implies the violation) next to requests
   about things that are not conduct; short lists of praise with cue words (which also drew the
   opposite verdict); and how well someone teaches the subject (no label) against how they guide
   and treat people. Second annotation as before: agreement with the writers micro-F1 {R11[1]:.3f}
   (exact {R11[2]:.1%}); all {R11[3]:,} disagreements adjudicated and applied; deduplicated against test v2.
   Labelling notes 11–13 of the guide come from the adjudications of rounds 9–11.
8. **Round 12** (16 train voices marked "round 12" above, {R12[0]:,} comments, parts 50–53 of
   `agreement/full/`; brief `raw/briefs/focus_round12.md`): no single focus — more people writing
   the everyday mix (ordinary comments short, medium and long, the hard kinds, requests, teachers
   and health workers), because every round so far showed that new voices help the model on
   writers it has never seen. Second annotation as before: agreement with the writers micro-F1
   {R12[1]:.3f} (exact {R12[2]:.1%}); all {R12[3]:,} disagreements adjudicated and applied;
   deduplicated against test v2.
9. **Round 13** (16 train voices marked "round 13" above, {R13[0]:,} comments, parts 54–57 of
   `agreement/full/`; brief `raw/briefs/focus_round13.md`): out-of-fold errors on train are largest
   where a long account of a procedure carries its labels in one short clause, and on four
   violations (courtesy, indifference, arrogance, enthusiasm). Round 13 writes such accounts, with
   the labelled clause at the start, middle or end, and those four violations told by what was
   said or done. The first version of the brief misplaced two cues ("mày/tao", sending people to
   another office); the second annotation and the adjudication followed the guideline (arrogance
   and indifference), and the brief records the correction. Agreement with the writers micro-F1
   {R13[1]:.3f} (exact {R13[2]:.1%}); all {R13[3]:,} disagreements adjudicated and applied;
   deduplicated against test v2.
10. **Round 14** (16 train voices marked "round 14" above, {R14[0]:,} comments, parts 58–61 of
   `agreement/full/`; brief `raw/briefs/focus_round14.md`): as round 12, more people writing the
   everyday mix, each in their own habits (an elder's words typed by a grandson, a Cham woman, a
   contract cleaner watching hospital staff, a retired judge, quick phone typing). Agreement with
   the writers micro-F1 {R14[1]:.3f} (exact {R14[2]:.1%}); all {R14[3]:,} disagreements
   adjudicated and applied; deduplicated against test v2.
11. **Round 15** (16 train voices marked "round 15" above, {R15[0]:,} comments, parts 62–65 of
   `agreement/full/`; brief `raw/briefs/focus_round15.md`): round 13's focus (one labelled act among
   the details of a procedure; the courtesy, indifference, arrogance and enthusiasm violations told
   by what happened) in 16 more voices. Agreement with the writers micro-F1 {R15[1]:.3f} (exact
   {R15[2]:.1%}); all {R15[3]:,} disagreements adjudicated and applied; deduplicated against test v2.
12. **Round 16** (16 train voices marked "round 16" above, {R16[0]:,} comments, parts 66–69 of
   `agreement/full/`; brief `raw/briefs/focus_round16.md`): whether staff show up and pay attention
   (`indifference`) and whether they help willingly (`enthusiasm`), said plainly and briefly, as an
   evaluation, a fragment or a request, in schools, universities and hospitals as well as counters;
   the kinds of wording the models still missed on real text. Agreement with the writers micro-F1
   {R16[1]:.3f} (exact {R16[2]:.1%}); all {R16[3]:,} disagreements adjudicated and applied;
   deduplicated against test v2.
13. **Round 17** (16 train voices marked "round 17" above, {R17[0]:,} comments, parts 70–74 of
   `agreement/full/`; brief `raw/briefs/focus_round17.md`): whose conduct it is. Citizens, relatives,
   brokers, private guards, shops and contractors behave well or badly next to the staff, sometimes
   in strong words, and only the staff's conduct takes labels; staff facing a difficult citizen;
   the everyday mix. Agreement with the writers micro-F1 {R17[1]:.3f} (exact {R17[2]:.1%}); all
   {R17[3]:,} disagreements adjudicated and applied; deduplicated against test v2.
14. **Round 18** (16 train voices marked "round 18" above, {R18[0]:,} comments, parts 75–82 of
   `agreement/full/`; brief `raw/briefs/focus_round18.md`): what staff said and what they did.
   The staff's own words, quoted or reported, as the main evidence (rude, mocking, curt,
   boilerplate, against kind, patient, apologising), next to words of citizens and brokers that
   take no label; concrete acts of fairness (queue-jumping acquaintances, papers held back, refused
   envelopes, returned money) and of accuracy (wrong names and sums, errors fixed at once); the
   kinds of evidence the out-of-fold errors on train showed. Agreement with the writers micro-F1
   {R18[1]:.3f} (exact {R18[2]:.1%}); all {R18[3]:,} disagreements adjudicated and applied;
   deduplicated against test v2.
15. **Round 19** (16 train voices marked "round 19" above, {R19[0]:,} comments, parts 83–90 of
   `agreement/full/`; brief `raw/briefs/focus_round19.md`): short verdicts the way surveys, kiosks
   and course evaluations get them: 3–20 word judgements of lecturers, teachers, doctors, nurses
   and counter staff in everyday words, hedged, negated or mixed in one line, next to equally
   short lines that take no label (skill, content, facilities, generic praise, requests about
   content). Agreement with the writers micro-F1 {R19[1]:.3f} (exact {R19[2]:.1%}); all
   {R19[3]:,} disagreements adjudicated and applied; deduplicated against test v2.
16. **Round 20** (16 train voices marked "round 20" above, {R20[0]:,} comments, parts 91–98 of
   `agreement/full/`; brief `raw/briefs/focus_round20.md`): listening, thanking and apologising,
   told as concrete moments (cutting people off, looking at a phone, papers thrown on the desk, no
   greeting, "cảm ơn bác đã chờ", calling back to apologise), next to the same kind of moment where
   a neighbouring norm is the right label (a power display is `arrogance`, a cold unwilling reply
   `enthusiasm`, absence and neglect `indifference`); `courtesy:violation` had the lowest
   out-of-fold recall on train (0.65, folds by voice). Agreement with the writers micro-F1
   {R20[1]:.3f} (exact {R20[2]:.1%}); all {R20[3]:,} disagreements adjudicated and applied;
   deduplicated against test v2.
17. **Round 21** (16 train voices marked "round 21" above, {R21[0]:,} comments, parts 99–106 of
   `agreement/full/`; brief `raw/briefs/focus_round21.md`): the offices the corpus had seen least
   (military-service registration, vaccination, libraries, state ferries and railways, sanitation,
   fire-safety inspections, veterinary stations, driving-test centres, state notaries, prison
   visiting rooms, social housing, flood relief, border gates, consulates, cemeteries, employment
   centres), in the everyday mix of all 12 labels and the hard kinds. Agreement with the writers
   micro-F1 {R21[1]:.3f} (exact {R21[2]:.1%}); all {R21[3]:,} disagreements adjudicated and applied;
   deduplicated against test v2.
18. **Round 22** (16 train voices marked "round 22" above, {R22[0]:,} comments, parts 107–114 of
   `agreement/full/`; brief `raw/briefs/focus_round22.md`): told by someone else, in another
   genre: hotline summaries in the third person, voter-meeting minutes, a readers'-letters digest,
   petitions, satisfaction-survey answers, a neighbourhood group's reposts, a grandchild retelling
   a grandmother's calls. The labels are about the staff in the retold events, never the writer;
   long comments (50+ words) had the lowest out-of-fold micro-F1 on train (0.76). Agreement with
   the writers micro-F1 {R22[1]:.3f} (exact {R22[2]:.1%}); all {R22[3]:,} disagreements
   adjudicated and applied; deduplicated against test v2.
19. **Round 23** (8 train voices marked "round 23" above, {R23[0]:,} comments, parts 115–118 of
   `agreement/full/`; brief `raw/briefs/focus_round23.md`): the cue words used plainly, as most real
   comments use them. Earlier briefs asked writers to avoid the stock cue words, so the corpus used
   them mostly in sarcasm, negation and requests ("nhiệt tình" was in more violations than
   compliances, "trả lời câu hỏi" mostly in requests) and plain praise such as "cô nhiệt tình, luôn
   trả lời câu hỏi" got a violation. Round 23 writes plain, mostly positive evaluations that use
   them, with fewer plain negatives, requests and the hard kinds. Agreement with the writers
   micro-F1 {R23[1]:.3f} (exact {R23[2]:.1%}); all {R23[3]:,} disagreements adjudicated and applied;
   deduplicated against test v2.

| label | study: n writer | study: n 2nd | study F1 | study κ | 2nd pass F1 | 2nd pass κ |
|---|---:|---:|---:|---:|---:|---:|
{ag_rows}

## Known gaps and biases

- **Authored, not collected.** Many voices, but every comment is written for the project; real
  traffic has topics, spellings and mixtures none of the writers thought of. Evaluate on a labelled
  sample of your own comments (`conduct-nlp evaluate`).
- **Writers share a model of the task.** The voices were played by helper sessions working from
  the same guideline; their variety of wording is larger than one writer's, but smaller than a
  province's.
- **Skewed offices and labels.** Hospitals, schools, one-stop counters, police and tax dominate;
  `arrogance:compliance` and `enthusiasm:violation` remain the rarest labels.
- **The second pass** corrected labels only where two readings differed; a comment both
  annotators got wrong the same way stays wrong.
- **Proportions are set by briefs.** How often comments name the vice or describe it, how long
  they are and how many labels they carry follow the writers' briefs, not counts of real traffic.
  Rounds 1–8 were told to avoid the stock words and made them rarer than in real comments; round 9
  restored them (`raw/briefs/focus_round9.md`).

## Licence and contact

Authored for conduct_nlp; released with the project under its licence. Report label errors as
issues with the comment id.
"""
(ROOT/'datasets'/'README.md').write_text(text)
print("ok")
