'use strict';
/**
 * The SQL that makes the demo dataset, server-side (INSERT ... SELECT over
 * generate_series: no rows cross the wire). Leads are planned one chunk at a
 * time in a temporary table (`demo_chunk`: each lead's contact, time, owner,
 * task outcome), from which the leads, their tasks, task history, ledger
 * rows and erasures are inserted, oldest first, as the app would have.
 *
 * Contacts are numbers (`cid`); everything about a contact (name, phone,
 * email, company, owner) is a hash of its number, so its leads agree without
 * a contacts table. Contact 0 is the big one (a reseller posting for its
 * customers), contacts 1..pool come back again and again (a skewed few very
 * often), and every other lead is a contact's only one.
 */

/** Helpers for this session only (pg_temp); SQL functions, inlined into each statement. */
const SETUP = [
  `CREATE FUNCTION pg_temp.h(bigint, int) RETURNS float8 LANGUAGE sql IMMUTABLE AS
     $$ SELECT (hashint8($1 * 1000003 + $2) & 2147483647)::float8 / 2147483648 $$`,
  `CREATE FUNCTION pg_temp.pick(text[], float8) RETURNS text LANGUAGE sql IMMUTABLE AS
     $$ SELECT $1[1 + floor($2 * cardinality($1))::int] $$`,
];

/** A text[] literal: constant in the plan (a table of words would be read, and detoasted, for every row). */
function arrayLiteral(items) {
  const quoted = items.map((item) => `"${String(item).replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',');
  return `('{${quoted.replace(/'/g, "''")}}'::text[])`;
}

/** The statement with each `w.<list>` replaced by that word list's literal. */
function withWords(statement, lists) {
  return statement.replace(/\bw\.(\w+)/g, (_, name) => {
    if (!lists[name]) throw new Error(`no word list ${name}`);
    return arrayLiteral(lists[name]);
  });
}

/**
 * Plans leads $1..$2 of $3. $4: every $4-th lead is the big contact's (0: none);
 * $5: share of leads from returning contacts, $6: their number; $7: now;
 * $8: the team change (days ago). Received times span three years, growing
 * fourfold, 78 % in office hours (Beijing); tasks of recent leads are more
 * often open; a few old leads were erased.
 */
const PLAN_CHUNK = `
CREATE TEMP TABLE demo_chunk AS
WITH s AS (
  SELECT i, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6, random() AS r7
    FROM generate_series($1::bigint, $2::bigint) AS i
), c AS (
  SELECT s.*,
         CASE WHEN $4::bigint > 0 AND i % $4::bigint = 0 THEN 0::bigint
              WHEN r1 < $5::float8 THEN 1 + floor($6::bigint * power(r2, 1.7))::bigint
              ELSE $6::bigint + i END AS cid,
         $7::timestamptz - interval '1095 days' + interval '1095 days' * ((sqrt(1 + 15 * i::float8 / $3::bigint) - 1) / 3) AS t0
    FROM s
), r AS (
  SELECT c.*,
         least($7::timestamptz - interval '2 hours',
               (date_trunc('day', t0 AT TIME ZONE 'Asia/Shanghai')
                + CASE WHEN r3 < 0.78 THEN interval '9 hours' + interval '9 hours' * (r3 / 0.78)
                       ELSE interval '24 hours' * ((r3 - 0.78) / 0.22) END) AT TIME ZONE 'Asia/Shanghai') AS received_at,
         5 + 390 * power(r5, 3) AS response_minutes
    FROM c
), a AS (
  SELECT r.*, $7::timestamptz - received_at AS age,
         received_at < $7::timestamptz - make_interval(days => $8::int) AS before_team_change,
         received_at < $7::timestamptz - interval '900 days' AND r7 < 0.004 AS erased
    FROM r
)
SELECT i, cid, received_at, response_minutes, r6, r7, erased, gen_random_uuid() AS id, gen_random_uuid() AS task_id,
       received_at + interval '1 second' * (0.05 + pg_temp.h(i, 32) * 1.5) AS created_at,
       CASE WHEN before_team_change THEN w.old_team[1 + floor(pg_temp.h(cid, 9) * cardinality(w.old_team))::int]
            ELSE w.new_team[1 + floor(pg_temp.h(cid, 9) * cardinality(w.new_team))::int] END AS owner,
       CASE WHEN cid <= $6::bigint THEN 'returning-customer' ELSE 'round-robin' END AS how,
       CASE WHEN r4 < CASE WHEN age < interval '2 days' THEN 0.45 WHEN age < interval '14 days' THEN 0.10 ELSE 0.016 END
              THEN 'open'
            WHEN r4 < CASE WHEN age < interval '2 days' THEN 0.70 WHEN age < interval '14 days' THEN 0.25 ELSE 0.022 END
              THEN 'in_progress'
            WHEN r4 > 0.965 THEN 'cancelled'
            ELSE 'done' END AS status,
       age
  FROM a`;

/** Expressions over a planned lead (demo_chunk c): a contact's phone and email, a task's end. */
const HAS_PHONE = `(c.cid = 0 OR pg_temp.h(c.cid, 1) < 0.92)`;
const HAS_EMAIL = `(c.cid = 0 OR pg_temp.h(c.cid, 2) < 0.55 OR NOT ${HAS_PHONE})`;
const NATIONAL = `(CASE WHEN c.cid = 0 THEN '139' ELSE pg_temp.pick(w.mobile_prefixes, pg_temp.h(c.cid, 3)) END
                   || lpad((c.cid % 100000000)::text, 8, '0'))`;
const EMAIL_LOCAL = `(CASE WHEN c.cid = 0 THEN 'qudao'
                       ELSE pg_temp.pick(w.pinyin, pg_temp.h(c.cid, 5)) || CASE WHEN pg_temp.h(c.cid, 6) < 0.5 THEN '.' ELSE '' END
                            || pg_temp.pick(w.pinyin, pg_temp.h(c.cid, 7)) || c.cid::text END)`;
const EMAIL_DOMAIN = `(CASE WHEN c.cid = 0 THEN 'lianchuang-demo.cn' ELSE pg_temp.pick(w.mail_domains, pg_temp.h(c.cid, 8)) END)`;
const FINISHED_AT = `least(now(), c.received_at + interval '1 minute' * c.response_minutes + interval '20 days' * power(c.r6, 2))`;
const STARTED = `(c.status = 'in_progress' OR (c.status IN ('done', 'cancelled') AND c.r6 > 0.5))`;
/** Touched (the first touch recorded, as the lead page's contact log does): every task someone worked on. */
const TOUCHED = `(c.status <> 'open')`;
const TOUCHED_AT = `least(now(), c.received_at + interval '1 minute' * c.response_minutes)`;
const RESPONSE = `floor(extract(epoch FROM ${TOUCHED_AT} - c.received_at))::int`;
/** About 4 % of tasks were passed on once by the re-route on silence, from a colleague to their owner. */
const REROUTED = `(pg_temp.h(c.i, 46) < 0.04 AND c.owner IS NOT NULL)`;
const REROUTED_FROM = `(CASE WHEN c.owner = w.new_team[1] THEN w.new_team[2] ELSE w.new_team[1] END)`;

const INSERT_LEADS = `
INSERT INTO leads (id, name, phone, phone_raw, email, company, requirement, consent, consent_at, privacy_policy_version,
                   utm, extras, ip, user_agent, page, received_at, created_at, erased_at)
SELECT c.id,
       CASE WHEN c.erased THEN '' WHEN c.cid = 0 THEN '刘建华'
            ELSE pg_temp.pick(w.surnames, pg_temp.h(c.cid, 11)) || pg_temp.pick(w.given, pg_temp.h(c.cid, 12))
                 || CASE WHEN pg_temp.h(c.cid, 13) < 0.5 THEN pg_temp.pick(w.given, pg_temp.h(c.cid, 14)) ELSE '' END END,
       CASE WHEN NOT c.erased AND ${HAS_PHONE} THEN '+86' || ${NATIONAL} END,
       CASE WHEN NOT c.erased AND ${HAS_PHONE} THEN
         CASE WHEN pg_temp.h(c.cid, 4) < 0.6 THEN ${NATIONAL}
              WHEN pg_temp.h(c.cid, 4) < 0.85 THEN substr(${NATIONAL}, 1, 3) || ' ' || substr(${NATIONAL}, 4, 4) || ' ' || substr(${NATIONAL}, 8)
              ELSE '+86 ' || ${NATIONAL} END END,
       CASE WHEN NOT c.erased AND ${HAS_EMAIL} THEN
         CASE WHEN c.r7 > 0.96 THEN initcap(${EMAIL_LOCAL}) ELSE ${EMAIL_LOCAL} END || '@' || ${EMAIL_DOMAIN} END,
       CASE WHEN c.erased OR pg_temp.h(c.cid, 15) < 0.1 THEN NULL WHEN c.cid = 0 THEN '深圳市联创储能渠道服务有限公司'
            ELSE pg_temp.pick(w.cities, pg_temp.h(c.cid, 16)) || pg_temp.pick(w.company_words, pg_temp.h(c.cid, 17))
                 || pg_temp.pick(w.industries, pg_temp.h(c.cid, 18)) || pg_temp.pick(w.company_forms, pg_temp.h(c.cid, 19)) END,
       CASE WHEN c.erased THEN ''
            ELSE pg_temp.pick(w.openings, pg_temp.h(c.i, 21)) || pg_temp.pick(w.plans, pg_temp.h(c.i, 22))
                 || pg_temp.pick(w.products, pg_temp.h(c.i, 23)) || ',' || pg_temp.pick(w.sizes, pg_temp.h(c.i, 24)) || ','
                 || pg_temp.pick(w.asks, pg_temp.h(c.i, 25)) || '。' || pg_temp.pick(w.deadlines, pg_temp.h(c.i, 26)) END,
       pg_temp.h(c.i, 27) < 0.96,
       CASE WHEN pg_temp.h(c.i, 27) < 0.96 THEN c.received_at END,
       CASE WHEN c.age > interval '400 days' THEN '2024-01' WHEN c.age > interval '120 days' THEN '2025-06' ELSE '2026-01' END,
       CASE WHEN c.erased OR split_part(src.v, '|', 1) = '' THEN '{}'::jsonb
            ELSE jsonb_build_object('utm_source', split_part(src.v, '|', 1), 'utm_medium', split_part(src.v, '|', 2),
                                    'utm_campaign', pg_temp.pick(w.campaigns, pg_temp.h(c.i, 29))) END,
       CASE WHEN NOT c.erased AND pg_temp.h(c.i, 30) < 0.08
            THEN jsonb_build_object('budget', (ARRAY['50万以内', '50-200万', '200万以上'])[1 + floor(pg_temp.h(c.i, 31) * 3)::int])
            ELSE '{}'::jsonb END,
       CASE WHEN NOT c.erased THEN concat_ws('.', 36 + floor(pg_temp.h(c.i, 33) * 180)::int, floor(pg_temp.h(c.i, 34) * 256)::int,
                                             floor(pg_temp.h(c.i, 35) * 256)::int, 1 + floor(pg_temp.h(c.i, 36) * 254)::int) END,
       CASE WHEN NOT c.erased THEN pg_temp.pick(w.user_agents, pg_temp.h(c.i, 37)) END,
       CASE WHEN NOT c.erased THEN pg_temp.pick(w.pages, pg_temp.h(c.i, 38)) END,
       c.received_at, c.created_at,
       CASE WHEN c.erased THEN c.received_at + interval '1 day' * (30 + 300 * c.r6) END
  FROM demo_chunk c
  CROSS JOIN LATERAL (SELECT pg_temp.pick(w.sources, pg_temp.h(c.i, 28)) AS v) src
 ORDER BY c.i`;

const INSERT_TASKS = `
INSERT INTO follow_up_tasks (id, lead_id, status, assignee, note, due_at, created_at, updated_at, updated_by, done_at,
                             assigned_at, reroutes, first_touch_at, first_touch_by, first_touch_owner, response_seconds,
                             response_business_seconds, outcome)
SELECT c.task_id, c.id,
       CASE WHEN c.erased AND c.status <> 'done' THEN 'cancelled' ELSE c.status END,
       c.owner,
       CASE WHEN c.status IN ('done', 'cancelled') AND NOT c.erased AND c.r7 < 0.7
            THEN pg_temp.pick(w.task_notes, pg_temp.h(c.i, 40)) END,
       c.received_at + interval '30 minutes', c.created_at,
       CASE WHEN c.status IN ('done', 'cancelled') THEN ${FINISHED_AT}
            WHEN c.status = 'in_progress' THEN c.received_at + interval '1 minute' * c.response_minutes
            ELSE c.created_at END,
       CASE WHEN c.status <> 'open' THEN c.owner END,
       CASE WHEN c.status = 'done' THEN ${FINISHED_AT} END,
       CASE WHEN ${REROUTED} THEN c.created_at + interval '10 minutes' END,
       CASE WHEN ${REROUTED} THEN 1 ELSE 0 END,
       CASE WHEN ${TOUCHED} THEN ${TOUCHED_AT} END,
       CASE WHEN ${TOUCHED} THEN c.owner END,
       CASE WHEN ${TOUCHED} THEN c.owner END,
       CASE WHEN ${TOUCHED} THEN ${RESPONSE} END,
       -- Business seconds: the whole wait in office hours, a share of it for leads that came in the evening.
       CASE WHEN ${TOUCHED} THEN CASE WHEN pg_temp.h(c.i, 42) < 0.78 THEN ${RESPONSE}
                                      ELSE floor(${RESPONSE} * pg_temp.h(c.i, 43))::int END END,
       CASE WHEN c.status = 'done' AND pg_temp.h(c.i, 44) < 0.85 THEN pg_temp.pick(w.outcomes, pg_temp.h(c.i, 45)) END
  FROM demo_chunk c
 ORDER BY c.i`;

/** The history the app writes: assignment at intake, then a start, a close, an erasure. */
const INSERT_EVENTS = `
INSERT INTO task_events (task_id, at, actor, action, from_status, to_status, from_assignee, to_assignee, note)
SELECT e.task_id, e.at, e.actor, e.action, e.from_status, e.to_status, e.from_assignee, e.to_assignee, e.note FROM (
  SELECT c.i, 1 AS k, c.task_id, c.created_at, 'assignment', 'assigned', 'open', 'open', NULL, c.owner, c.how
    FROM demo_chunk c
  UNION ALL
  SELECT c.i, 1.5, c.task_id, c.created_at + interval '10 minutes', 'reroute', 'rerouted', 'open', 'open', ${REROUTED_FROM},
         c.owner, NULL
    FROM demo_chunk c WHERE ${REROUTED}
  UNION ALL
  SELECT c.i, 2, c.task_id, c.received_at + interval '1 minute' * c.response_minutes, c.owner, 'started', 'open', 'in_progress',
         c.owner, c.owner, NULL
    FROM demo_chunk c WHERE ${STARTED}
  UNION ALL
  SELECT c.i, 3, c.task_id, ${FINISHED_AT}, c.owner, c.status, CASE WHEN ${STARTED} THEN 'in_progress' ELSE 'open' END,
         c.status, c.owner, c.owner, NULL
    FROM demo_chunk c WHERE c.status IN ('done', 'cancelled')
  UNION ALL
  SELECT c.i, 4, c.task_id, c.received_at + interval '1 day' * (30 + 300 * c.r6), 'admin', 'erased', c.status,
         CASE WHEN c.status = 'done' THEN 'done' ELSE 'cancelled' END, c.owner, c.owner, NULL
    FROM demo_chunk c WHERE c.erased
) AS e(i, k, task_id, at, actor, action, from_status, to_status, from_assignee, to_assignee, note)
ORDER BY e.i, e.k`;

/**
 * About three ledger rows a lead: the email alert and the sales group
 * robot's message (both sent), a reminder when the first touch came after
 * the due time and an escalation an hour later still (as the SLA would have).
 * $1: the robot's destination id, $2: MAIL_TO, $3: the managers' addresses.
 */
const INSERT_NOTIFICATIONS = `
INSERT INTO notifications (lead_id, task_id, dedupe_key, channel, destination, kind, status, attempts, message_id, recipients,
                           created_at, updated_at, sent_at)
SELECT n.lead_id, n.task_id, n.dedupe_key, n.channel, n.destination, n.kind, 'sent', 1, n.message_id, n.recipients,
       n.at, n.at + interval '800 milliseconds', n.at + interval '800 milliseconds'
  FROM (
  SELECT c.i, 1 AS k, c.id AS lead_id, NULL::uuid AS task_id, 'email:new-lead:' || c.id AS dedupe_key, 'email' AS channel,
         NULL AS destination, 'new-lead' AS kind, '<lead-' || c.id || '@youpower.com.cn>' AS message_id, $2::text AS recipients,
         c.created_at AS at
    FROM demo_chunk c
  UNION ALL
  SELECT c.i, 2, c.id, NULL, 'dingtalk:new-lead:' || c.id || ':' || $1::text, 'dingtalk', $1::text, 'new-lead', NULL, NULL,
         c.created_at
    FROM demo_chunk c
  UNION ALL
  SELECT c.i, 3, c.id, c.task_id, 'email:reminder:' || c.task_id, 'email', NULL, 'reminder', '<reminder-' || c.task_id || '@youpower.com.cn>',
         c.owner || '@youpower.com.cn', c.received_at + interval '31 minutes'
    FROM demo_chunk c
   WHERE (c.status = 'open' AND c.age > interval '31 minutes') OR (c.status <> 'open' AND c.response_minutes > 30)
  UNION ALL
  SELECT c.i, 4, c.id, c.task_id, 'email:escalation:' || c.task_id, 'email', NULL, 'escalation',
         '<escalation-' || c.task_id || '@youpower.com.cn>', $3::text, c.received_at + interval '91 minutes'
    FROM demo_chunk c
   WHERE (c.status = 'open' AND c.age > interval '91 minutes') OR (c.status <> 'open' AND c.response_minutes > 90)
) n
ORDER BY n.i, n.k`;

/** About a third of the leads came through the two demo forms (FORMS); the rest through the default one. */
const INSERT_LEAD_FORMS = `
INSERT INTO lead_forms (lead_id, form_slug, form_version, custom)
SELECT c.id, CASE WHEN pg_temp.h(c.i, 47) < 0.22 THEN 'quote' ELSE 'expo' END, 1, '{}'::jsonb
  FROM demo_chunk c WHERE pg_temp.h(c.i, 47) < 0.33 ORDER BY c.i`;

const INSERT_ERASURES = `
INSERT INTO erasures (lead_id, erased_at, actor, reason)
SELECT c.id, c.received_at + interval '1 day' * (30 + 300 * c.r6), 'admin', '本人要求删除个人信息'
  FROM demo_chunk c WHERE c.erased ORDER BY c.i`;

/** The demo's forms besides the default one, each at version 1 (their leads: INSERT_LEAD_FORMS). */
const FORMS = [
  `INSERT INTO forms (slug, name, fields, updated_by)
   SELECT s.slug, s.name, f.fields, 'seed' FROM (VALUES ('quote', '报价申请'), ('expo', '展会登记')) AS s(slug, name),
          (SELECT fields FROM forms WHERE slug = 'default') AS f
   ON CONFLICT (slug) DO NOTHING`,
  `INSERT INTO form_versions (slug, version, definition, created_by)
   SELECT slug, 1, jsonb_build_object('slug', slug, 'name', name, 'status', status, 'language', language,
          'fields', fields, 'origins', '[]'::jsonb, 'redirect', null, 'successMessage', null, 'team', null,
          'routing', routing, 'mailTo', '[]'::jsonb, 'robots', '[]'::jsonb, 'slaMinutes', null,
          'autoresponse', null, 'version', 1), 'seed'
     FROM forms WHERE slug IN ('quote', 'expo')
   ON CONFLICT (slug, version) DO NOTHING`,
];

const STAFF = `
INSERT INTO staff (login, name, role, email, mobile, active, receives_leads, on_duty, password_hash, created_at, updated_at, deactivated_at)
SELECT s.login, s.name, s.role, s.email, s.mobile, s.active, s."receivesLeads", true, s."passwordHash",
       now() - interval '1100 days', now(), CASE WHEN NOT s.active THEN now() - make_interval(days => $2::int) END
  FROM jsonb_to_recordset($1::jsonb) AS s(login text, name text, role text, email text, mobile text, active boolean,
                                          "receivesLeads" boolean, "passwordHash" text)
ON CONFLICT (login) DO NOTHING`;

module.exports = {
  SETUP,
  withWords,
  PLAN_CHUNK,
  CHUNK_INSERTS: [INSERT_LEADS, INSERT_TASKS, INSERT_EVENTS, INSERT_LEAD_FORMS, INSERT_ERASURES],
  FORMS,
  INSERT_NOTIFICATIONS,
  STAFF,
};
