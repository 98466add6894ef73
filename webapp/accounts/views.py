"""Register, log in, log out and edit the profile."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from webapp.accounts import operations
from webapp.accounts.forms import DeleteAccountForm, LoginForm, ProfileForm, RegisterForm
from webapp.core.auth import login_required
from webapp.core.backend import run
from webapp.core.dates import parse_iso
from webapp.core.forms import apply_router_errors
from webapp.core.methods import get_or_post, post_only
from webapp.core.router_client import OperationFailed, RouterError
from webapp.core.session import (
    LoginTokens,
    Viewer,
    current_viewer,
    sign_in,
    sign_out,
    update_viewer,
)

LOGIN_FAILED = "Wrong username or password."


def _safe_next(request: HttpRequest) -> str:
    target = str(request.POST.get("next") or request.GET.get("next") or "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return str(reverse("calendar:month"))


def _log_in(request: HttpRequest, username: str, password: str) -> None:
    """Log in through the router and keep its tokens for the session (raises OperationFailed)."""
    payload = run(request, operations.LOGIN, {"username": username, "password": password})
    auth = payload.require("login")
    expires_at = parse_iso(auth.get("expiresAt")) or timezone.now()
    tokens = LoginTokens(auth["token"], expires_at, auth["refreshToken"])
    sign_in(request, tokens, Viewer.from_user(auth["user"]))


@get_or_post
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _log_in(request, form.cleaned_data["username"], form.cleaned_data["password"])
        except OperationFailed as failure:
            if failure.code == "UNAUTHENTICATED":
                form.add_error(None, LOGIN_FAILED)
            else:
                apply_router_errors(form, failure)
        else:
            return HttpResponseRedirect(_safe_next(request))
    context = {"form": form, "next": _safe_next(request)}
    return render(request, "accounts/login.html", context, status=400 if form.errors else 200)


@get_or_post
def register_view(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = run(request, operations.REGISTER, {"input": form.registration_input()})
        try:
            result.require("register")
            _log_in(request, form.cleaned_data["username"], form.cleaned_data["password"])
        except OperationFailed as failure:
            apply_router_errors(form, failure)
        else:
            messages.success(request, "Welcome! Your account is ready.")
            return HttpResponseRedirect(reverse("calendar:month"))
    return render(
        request, "accounts/register.html", {"form": form}, status=400 if form.errors else 200
    )


def _end_sessions(request: HttpRequest, document: str, done: str) -> HttpResponse:
    """Revoke at the router (its tokens stop working everywhere), then forget them here."""
    try:
        if current_viewer(request) is not None:
            run(request, document)
    except RouterError:
        messages.warning(request, "The server could not be told; your login ends when it expires.")
    sign_out(request)
    messages.info(request, done)
    return HttpResponseRedirect(reverse("accounts:login"))


@post_only
def logout_view(request: HttpRequest) -> HttpResponse:
    return _end_sessions(request, operations.LOGOUT, "You are logged out.")


@post_only
def logout_everywhere_view(request: HttpRequest) -> HttpResponse:
    """End every session of the account, the calendar feed's key included."""
    return _end_sessions(
        request,
        operations.LOGOUT_EVERYWHERE,
        "You are logged out everywhere, and your calendar feed is turned off.",
    )


@login_required
@get_or_post
def profile_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            result = run(request, operations.UPDATE_PROFILE, {"input": form.profile_input()})
            try:
                user = result.require("updateProfile")
            except OperationFailed as failure:
                apply_router_errors(form, failure)
            else:
                update_viewer(request, Viewer.from_user(user))
                messages.success(request, "Profile saved.")
                return HttpResponseRedirect(reverse("accounts:profile"))
        me = None
    else:
        me = run(request, operations.ME).require("me")
        form = ProfileForm(initial={"display_name": me["displayName"], "time_zone": me["timeZone"]})
    context = {"form": form, "me": me}
    return render(request, "accounts/profile.html", context, status=400 if form.errors else 200)


@login_required
@get_or_post
def delete_account_view(request: HttpRequest) -> HttpResponse:
    """Confirm with the password; the router then removes the account's data everywhere."""
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = run(
            request, operations.DELETE_ACCOUNT, {"password": form.cleaned_data["password"]}
        )
        try:
            result.require("deleteAccount")
        except OperationFailed as failure:
            apply_router_errors(form, failure)
        else:
            sign_out(request)
            messages.info(request, "Your account and everything in it are deleted.")
            return HttpResponseRedirect(reverse("accounts:login"))
    status = 400 if form.errors else 200
    return render(request, "accounts/delete.html", {"form": form}, status=status)
