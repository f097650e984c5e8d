"""Weekly checks confirmed before 19.0.1.1.0 get the moment they were
confirmed from their chatter (the tracked change of their state; else their
last write), so the
activity report (§6.1) counts them on time or late instead of undated."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE edu_weekly_check c
           SET confirmed_at = t.moment
          FROM (
                SELECT m.res_id, max(m.date) AS moment
                  FROM mail_tracking_value v
                  JOIN mail_message m ON m.id = v.mail_message_id
                  JOIN ir_model_fields f ON f.id = v.field_id
                 WHERE m.model = 'edu.weekly.check' AND f.name = 'state'
                 GROUP BY m.res_id
               ) t
         WHERE c.id = t.res_id AND c.state = 'confirmed' AND c.confirmed_at IS NULL
        RETURNING c.id
        """
    )
    ids = [row[0] for row in cr.fetchall()]
    # a check confirmed without a tracked change (data loaded by a script):
    # its last write is its confirmation
    cr.execute(
        """
        UPDATE edu_weekly_check
           SET confirmed_at = write_date
         WHERE state = 'confirmed' AND confirmed_at IS NULL
        RETURNING id
        """
    )
    ids += [row[0] for row in cr.fetchall()]
    env = api.Environment(cr, SUPERUSER_ID, {})
    checks = env["edu.weekly.check"].browse(ids)
    env.add_to_compute(checks._fields["confirmed_on_time"], checks)
    checks.flush_recordset(["confirmed_on_time"])
