# The dashboard as a container: runtime dependencies only (hash-checked from requirements.lock), run as a
# non-root user, with Streamlit's own health endpoint as the health check. Several replicas share one
# store in a bucket: set INDICATORS_STORE=s3://bucket/prefix and the AWS_* variables (see README,
# "Running for many viewers").
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

# The package is installed as a wheel (with data/ and docs/methodology.md inside it); its sources are not
# kept in /app, so the dashboard imports the installed copy and writes nothing under /app.
COPY pyproject.toml setup.py README.md /tmp/src/
COPY indicators /tmp/src/indicators
COPY data /tmp/src/data
COPY docs /tmp/src/docs
RUN pip install --no-deps /tmp/src && rm -rf /tmp/src

COPY dashboard.py ./
COPY app_pages ./app_pages
COPY static ./static
COPY .streamlit/config.toml ./.streamlit/config.toml

RUN useradd --create-home --uid 10001 dashboard
USER dashboard
# Without INDICATORS_STORE the store is a folder in the user's home (~/.local/share/connect2020/store):
# fine for one container with a volume there, not shared between replicas.
VOLUME ["/home/dashboard/.local/share/connect2020"]

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status != 200)"

# Listens on every interface of the container; the upload limit follows INDICATORS_MAX_UPLOAD_MB.
CMD ["python", "-m", "indicators", "serve", "--address", "0.0.0.0", "--port", "8501"]
