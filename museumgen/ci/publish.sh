#!/bin/sh
# Builds [[ what ]] and publishes it to any static host or object storage. Written by
# `museumgen ci`; edit it freely (`museumgen ci [[ folder ]] --host script --force`
# writes it again).
#
#   sh [[ script_name ]]                  build into public/ (and publish, if PUBLISH is set)
[% if network %]#   SHARD=2/[[ shards ]] sh [[ script_name ]]    on each of several machines: one share of the museums into shards/2
#   MERGE=1 sh [[ script_name ]]          then, on one: put shards/* together into public/ (and publish)
[% endif %]#
# PUBLISH is the command that copies public/ to the host, for example:
#   PUBLISH='rsync -a --delete public/ user@host:/var/www/museum/'
#   PUBLISH='aws s3 sync public/ s3://BUCKET/ --delete'            (S3 and compatible storage)
#   PUBLISH='ossutil sync public/ oss://BUCKET/ --delete -f'       (Alibaba Cloud OSS)
#   PUBLISH='coscli sync -r public/ cos://BUCKET/'                 (Tencent Cloud COS)
[% if cms %]# CMS_REPO is the repository staff edit in through the web editor at admin/ (OWNER/NAME),
# CMS_BACKEND where they log in: github (the default) or gitlab.
[% endif %]# Run it every day (cron, or your CI's schedule), so that exhibitions and events move from
# upcoming to current to past on their own dates: [[ cron_note ]] is `[[ cron ]]`.
# Keep the cache folder (MUSEUMGEN_CACHE_DIR, default ~/.cache/museumgen) between runs,
# and keep the published branch's apart from the one that checks changes under review.
set -eu
cd "$(dirname "$0")"

# Where museumgen is installed from: pin a tag or commit, so that the site changes only
# when you choose to take a new museumgen. Empty: use the museumgen already installed.
MUSEUMGEN="${MUSEUMGEN-[[ source ]]}"
FOLDER="${FOLDER:-[[ folder ]]}"
# The build date in the museum's time zone, the same for every machine of one run.
TODAY="${TODAY:-$(TZ=[[ timezone ]] date +%F)}"
[% if cms %]
# The web editor at admin/: Decap CMS [[ decap_version ]], checked against its digest.
DECAP_CMS="${DECAP_CMS:-[[ decap_url ]]}"
DECAP_CMS_SHA512="${DECAP_CMS_SHA512:-[[ decap_sha512 ]]}"
[% endif %]
if [ -n "$MUSEUMGEN" ]; then
    python3 -m venv .publish-venv
    .publish-venv/bin/python -m pip install --quiet "$MUSEUMGEN"
    PATH="$PWD/.publish-venv/bin:$PATH"
fi

[% if network %]if [ -n "${SHARD:-}" ]; then
    museumgen build "$FOLDER" --shard "$SHARD" --date "$TODAY" -o "shards/${SHARD%%/*}"
    exit 0
fi
if [ -n "${MERGE:-}" ]; then
    museumgen merge "$FOLDER" shards/* -o public
else
    museumgen build "$FOLDER" --date "$TODAY" -o public
fi
[% else %]museumgen build "$FOLDER" --date "$TODAY" -o public
[% endif %]
[% if cms %]if [ -d public ]; then
    : "${CMS_REPO:?set CMS_REPO to the repository staff edit in through admin/, e.g. museum/site}"
[% for line in cms_steps %]
    [[ line ]]
[% endfor %]
fi
[% endif %]if [ -n "${PUBLISH:-}" ]; then
    sh -c "$PUBLISH"
fi
