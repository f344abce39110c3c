#!/usr/bin/env bash
# The shell pipeline an administrator writes from Microsoft's SIEM API sample ("Pull Microsoft Defender for
# Endpoint detections using the SIEM REST API"): a token from Entra ID, one GET of /api/alerts for a time range,
# jq turning each record into CEF (siem-cef.jq), logger sending each line to the SIEM over syslog TCP.
# No checkpoint, no retry, no de-duplication: run once per range. Every setting comes from the environment:
#   TOKEN_URL RESOURCE CLIENT_ID CLIENT_SECRET API_URL SINCE UNTIL SYSLOG_HOST SYSLOG_PORT
set -euo pipefail

token=$(curl -sS --fail -X POST "$TOKEN_URL" \
  --data-urlencode "resource=$RESOURCE" --data-urlencode "client_id=$CLIENT_ID" \
  --data-urlencode "client_secret=$CLIENT_SECRET" --data-urlencode "grant_type=client_credentials" | jq -r .access_token)

curl -sS --fail -G "$API_URL/api/alerts" -H "Authorization: Bearer $token" \
    --data-urlencode "sinceTimeUtc=$SINCE" --data-urlencode "untilTimeUtc=$UNTIL" |
  jq -r -f "$(dirname "$0")/siem-cef.jq" |
  logger --tcp --octet-count --rfc5424 -n "$SYSLOG_HOST" -P "$SYSLOG_PORT" -t mde-forwarder -p local0.info --size 8192
