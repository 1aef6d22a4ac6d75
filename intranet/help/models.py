from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignLanguageVideo(models.Model):
    """The city's explanation of the intranet in German Sign Language (DGS), which BITV 2.0 asks for on
    the start page. The intranet cannot make it; an administrator enters where the city keeps it, and
    the help area shows the newest one."""

    title = models.CharField(_("title"), max_length=200, default="Das Intranet in Deutscher Gebärdensprache")
    video_url = models.URLField(
        _("video address"), max_length=500,
        help_text=_("Where the city's web server or media platform serves the video file (MP4 or WebM)."),
    )
    captions_url = models.URLField(
        _("subtitles address"), max_length=500, blank=True,
        help_text=_("Optional: German subtitles as a WebVTT file (.vtt). From another server than the intranet's, "
                    "that server must allow it (the header Access-Control-Allow-Origin)."),
    )
    transcript = models.TextField(_("text of the video"), blank=True,
                                  help_text=_("What the video says, for those who cannot see or play it."))
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("sign-language video")
        verbose_name_plural = _("sign-language videos")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title
