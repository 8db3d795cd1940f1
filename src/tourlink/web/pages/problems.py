"""``/problems/<code>``: the documentation a problem's ``type`` URI points to."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from tourlink.core.errors import NotFoundError

from ..problems import PROBLEM_TYPES
from .context import PageLangDep, base_context
from .templating import render_html

router = APIRouter(include_in_schema=False)


@router.get("/problems")
def problem_index(request: Request, lang: PageLangDep) -> Response:
    context = {**base_context(request, lang), "problems": PROBLEM_TYPES, "code": None}
    return render_html(request, "problems.html", context, lang)


@router.get("/problems/{code}")
def problem_type(
    request: Request, lang: PageLangDep, code: Annotated[str, Path(max_length=60)]
) -> Response:
    if code not in PROBLEM_TYPES:
        raise NotFoundError(f"no problem type {code!r}")
    context = {**base_context(request, lang), "problems": PROBLEM_TYPES, "code": code}
    return render_html(request, "problems.html", context, lang)
