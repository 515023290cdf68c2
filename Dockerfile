# campaign-bot image: the package in a virtual environment, run as a non-root user,
# with the database on the /data volume.
FROM python:3.12-slim AS build
WORKDIR /src
RUN python3 -m venv /opt/campaign-bot
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN /opt/campaign-bot/bin/pip install --no-cache-dir .

FROM python:3.12-slim
COPY --from=build /opt/campaign-bot /opt/campaign-bot
RUN useradd --create-home --uid 10001 campaign \
    && mkdir /data && chown campaign /data
ENV PATH=/opt/campaign-bot/bin:$PATH \
    XDG_DATA_HOME=/data \
    PYTHONUNBUFFERED=1
USER campaign
VOLUME ["/data"]
ENTRYPOINT ["campaign-bot"]
CMD ["console"]
