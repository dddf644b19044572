"""Sign in by e-mail link: ask for a link, then open it and press the button.

Opening the link changes nothing (mail scanners open links); the button signs in, once.
"""

from __future__ import annotations

from django.contrib.auth import authenticate, login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from web.forms import SigninLinkForm
from web.signin import signin_link_allowed, signin_links_send


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith("/") else ""


@require_http_methods(["GET", "POST"])
def signin_request(request: HttpRequest) -> HttpResponse:
    form = SigninLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not signin_link_allowed(email=email, client_ip=request.META.get("REMOTE_ADDR", "")):
            context = {"form": form, "limited": True}
            return render(request, "web/signin_request.html", context, status=429)
        signin_links_send(email=email, next_path=_next(request))
        # The same answer whether the address is known or not.
        return render(request, "web/signin_sent.html", {"email": email})
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "next": _next(request)}
    return render(request, "web/signin_request.html", context, status=status)


@require_http_methods(["GET", "POST"])
def signin_link(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "GET":
        return render(request, "web/signin_link.html", {"next": _next(request)})
    # Through authenticate(), so django-axes sees (and counts) bad links like bad passwords.
    user = authenticate(request, sesame=token)
    if user is None:
        message = "this sign-in link has expired or was used already; ask for a new one"
        return render(request, "web/signin_gone.html", {"message": message}, status=410)
    login(request, user)  # moves last_login: the one-time token is spent
    return redirect(_next(request) or "web:home")
