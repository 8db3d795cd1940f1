"""Request dependencies as ``Annotated`` aliases: services, settings, language, caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from tourlink.accounts import Principal, Role
from tourlink.accounts.models import ANONYMOUS
from tourlink.core.errors import PermissionDeniedError, UnauthenticatedError
from tourlink.core.i18n import Lang, negotiate_language
from tourlink.services.container import Services
from tourlink.settings import Settings

from .auth import SESSION_COOKIE, TokenSigner, principal_for_credentials


async def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def settings_of(request: Request) -> Settings:
    """The app's settings (for plain functions; routes use ``SettingsDep``)."""
    settings: Settings = request.app.state.settings
    return settings


async def get_settings(request: Request) -> Settings:
    return settings_of(request)


# Cheap dependencies are coroutines, so FastAPI runs them on the event loop instead of
# sending each through the thread pool.
ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_signer(services: ServicesDep, settings: SettingsDep) -> TokenSigner:
    return TokenSigner(settings.secret_key, services.clock)


SignerDep = Annotated[TokenSigner, Depends(get_signer)]


async def api_language(
    request: Request,
    settings: SettingsDep,
    lang: Annotated[
        Lang | None,
        Query(description="Response language; overrides `Accept-Language`."),
    ] = None,
) -> Lang:
    """``?lang=`` if given, else the best match of ``Accept-Language``."""
    if lang is not None:
        return lang
    return negotiate_language(
        request.headers.get("accept-language"), default=settings.default_language
    )


LangDep = Annotated[Lang, Depends(api_language)]

_bearer = HTTPBearer(
    auto_error=False,
    description="A token from `POST /api/v1/auth/token` or an API key (`tlk_...`).",
)


def current_principal(
    request: Request,
    services: ServicesDep,
    signer: SignerDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller: from a bearer credential, else the session cookie, else anonymous."""
    if credentials is not None:
        return principal_for_credentials(credentials.credentials, services, signer)
    if request.headers.get("authorization"):
        raise UnauthenticatedError("use `Authorization: Bearer <token or API key>`")
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie and request.method in ("GET", "HEAD"):
        # Cookies authenticate page views only: writes need an explicit header (no CSRF).
        try:
            return principal_for_credentials(cookie, services, signer)
        except UnauthenticatedError:
            return ANONYMOUS
    return ANONYMOUS


PrincipalDep = Annotated[Principal, Depends(current_principal)]


def require_editor(principal: PrincipalDep) -> Principal:
    """Admins and operators edit the catalogue; others get 401 (anonymous) or 403."""
    if not principal.is_authenticated:
        raise UnauthenticatedError("sign in to edit the catalogue")
    if not principal.has(Role.OPERATOR):
        raise PermissionDeniedError(
            f"the {principal.role.value} role may not edit the catalogue",
            context={"role": principal.role.value},
        )
    return principal


RequireEditor = Annotated[Principal, Depends(require_editor)]
