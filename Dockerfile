# campaign-bot: the package in a virtual environment, run as a non-root user.
# The database (and Matrix device keys) live on the /data volume; the config is
# mounted read-only at /config/config.toml; tokens come from the environment.

FROM python:3.12-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python3 -m venv /opt/campaign-bot
COPY pyproject.toml setup.py README.md ./
COPY bot ./bot
# Bytecode compiled here, once: the image runs with PYTHONDONTWRITEBYTECODE, so without it
# every start would compile discord.py, nio and aiohttp again (seconds of start-up).
# unchecked-hash: valid whatever timestamps the copy into the final stage leaves.
RUN /opt/campaign-bot/bin/pip install --no-cache-dir --no-compile ".[discord,matrix,web]" \
    && /opt/campaign-bot/bin/python -m compileall -q -j 0 \
        --invalidation-mode unchecked-hash /opt/campaign-bot/lib

FROM python:3.12-slim
# FriBiDi lets Pillow lay out right-to-left quotes on the quote cards (Arabic, Hebrew).
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libfribidi0 \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
RUN groupadd --system --gid 10001 campaign \
    && useradd --system --create-home --uid 10001 --gid 10001 campaign \
    && mkdir -p /data /config \
    && chown 10001:10001 /data
COPY --from=build /opt/campaign-bot /opt/campaign-bot
COPY config.example.toml /config/config.toml
ENV PATH=/opt/campaign-bot/bin:$PATH \
    XDG_DATA_HOME=/data \
    CAMPAIGN_BOT_CONFIG=/config/config.toml \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
# `campaign-bot run` and `console` stop cleanly on SIGTERM (closing the database).
STOPSIGNAL SIGTERM
# The web face, when [web] is configured with listen = "0.0.0.0" (see the README).
EXPOSE 8080
# Healthy while the running bot refreshes its status file and a platform is connected.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["campaign-bot", "health"]
ENTRYPOINT ["campaign-bot"]
CMD ["run"]
