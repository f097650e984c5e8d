"""Record rules are updated with the addon from 19.0.1.1.0 on.

Up to 19.0.1.0.0 they were loaded as ``noupdate``, so ``-u`` left the rules
of a running college as they were first installed. Their external ids lose
the flag before the update, so the rules of this version replace them.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE ir_model_data
           SET noupdate = false
         WHERE module = %s AND model = 'ir.rule' AND noupdate
        """,
        ["hexlet_journal"],
    )
