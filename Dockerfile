# syntax=docker/dockerfile:1
# OrderSync server image: built with Maven on JDK 25, run on the JRE 25 alone as an unprivileged user.
# How to build and run it, and what was and was not tried on the build machine: docs/deployment.md.
#
#   docker build -t ordersync:local .
#   docker run --init -p 8080:8080 -e ORDERSYNC_DB_URL=jdbc:postgresql://db:5432/ordersync \
#     -e ORDERSYNC_DB_USER=ordersync -e ORDERSYNC_DB_PASSWORD=... -e ORDERSYNC_MASTER_KEY=... ordersync:local

# ---- build: the server jar and its libraries (target/ordersync-server.jar + target/libs/) ----
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml ./
COPY .mvn/ .mvn/
COPY ordersync-core/ ordersync-core/
COPY ordersync-crypto/ ordersync-crypto/
COPY ordersync-audit/ ordersync-audit/
COPY ordersync-server/ ordersync-server/
COPY ordersync-sdk/ ordersync-sdk/
COPY examples/ examples/
COPY bench/ bench/
# The cache mount keeps ~/.m2 between builds (BuildKit); tests are compiled (the server's tests need the
# crypto module's test jar) but not run: they need a PostgreSQL and a Redis, which a build has not.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl ordersync-server -am -DskipTests -Dspotbugs.skip package \
 && mkdir -p /out \
 && cp ordersync-server/target/ordersync-server.jar /out/ \
 && cp -r ordersync-server/target/libs /out/libs

# ---- runtime: the JRE, the jar and the libraries its manifest's Class-Path names, nothing else ----
FROM eclipse-temurin:25-jre AS runtime
RUN groupadd --system --gid 10001 ordersync \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/ordersync --no-create-home \
      --shell /usr/sbin/nologin ordersync \
 && mkdir -p /opt/ordersync /var/lib/ordersync \
 && chown 10001:10001 /var/lib/ordersync
COPY --from=build --chown=root:root /out/libs/ /opt/ordersync/libs/
COPY --from=build --chown=root:root /out/ordersync-server.jar /opt/ordersync/ordersync-server.jar

# Configuration comes from the environment (README, "Configuration"); these are the image's defaults.
# ORDERSYNC_DATA_DIR holds the exported audit checkpoints (and, with no ORDERSYNC_DB_URL, the embedded
# PostgreSQL and its generated master key): mount a volume there.
ENV ORDERSYNC_HOST=0.0.0.0 \
    ORDERSYNC_PORT=8080 \
    ORDERSYNC_DATA_DIR=/var/lib/ordersync \
    ORDERSYNC_LOG_FORMAT=json
VOLUME ["/var/lib/ordersync"]
WORKDIR /var/lib/ordersync
# The public port; 9090 is the management port (metrics) when ORDERSYNC_MANAGEMENT_PORT=9090 is set.
EXPOSE 8080 9090

USER 10001:10001

# Readiness from inside the container: the server's own `healthcheck` command (a JRE image has no curl),
# in a small JVM of its own; exit status 0 when GET /observe/health/ready answers 200.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["java", "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", "/opt/ordersync/ordersync-server.jar", "healthcheck"]

# java is PID 1 (exec form): SIGTERM reaches it and the shutdown hook closes the server. Run with
# `docker run --init` (compose: `init: true`) so that killed child processes are reaped.
# -XX:MaxRAMPercentage sizes the heap from the container's memory limit; the collector is the JVM's
# default (G1), the one every benchmark in docs/benchmarks.md ran with. Add flags with JAVA_TOOL_OPTIONS.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/ordersync/ordersync-server.jar"]
CMD []
