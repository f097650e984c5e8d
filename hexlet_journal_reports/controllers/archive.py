from werkzeug.wsgi import wrap_file

from odoo import http
from odoo.http import content_disposition, request


class ArchiveController(http.Controller):
    @http.route("/hexlet_journal/archive/<int:archive_id>/zip", type="http", auth="user")
    def archive_zip(self, archive_id):
        """The whole archive of a year as one ZIP, for those who may read it."""
        archive = request.env["edu.archive"].browse(archive_id).exists()
        if not archive:
            raise request.not_found()
        spool = archive._zip_file()
        size = spool.seek(0, 2)
        spool.seek(0)
        response = request.make_response(
            wrap_file(request.httprequest.environ, spool),
            headers=[
                ("Content-Type", "application/zip"),
                ("Content-Length", str(size)),
                ("Content-Disposition", content_disposition(archive._zip_name())),
            ],
        )
        response.direct_passthrough = True
        return response
