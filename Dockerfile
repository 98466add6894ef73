# One image for every service (five subgraphs, router, web app); compose picks the command.
#   docker build -t fedcal .
#   docker run fedcal python -m subgraphs.users

# ---- builder: resolve the locked dependencies into /app/.venv (same command as `make`) ----
FROM python:3.13-slim AS builder
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --frozen --no-dev

# ---- runtime: slim image, non-root user, venv + code only ----
FROM python:3.13-slim AS runtime
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    APP_ENV=production \
    DATA_DIR=/data
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app \
    && mkdir -p /data \
    && chown app:app /data
WORKDIR /app
COPY --from=builder /app/.venv /app/.venv
COPY plumbing ./plumbing
COPY subgraphs ./subgraphs
COPY router ./router
COPY middleman ./middleman
COPY webapp ./webapp
COPY supergraph.graphql ./
USER app
EXPOSE 4000 4001 4002 4003 4004 4005 8000
# Overridden per service in docker-compose.yml.
CMD ["python", "-m", "router", "--supergraph", "supergraph.graphql", "--host", "0.0.0.0", "--port", "4000"]
