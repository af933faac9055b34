#!/usr/bin/env bash
# Reads the release-image record the release workflow uploaded, checks it describes the commit being
# deployed, verifies the digest's keyless cosign signature (made by release.yml on this repository),
# and exports IMAGE_REF=<image>:<IMAGE_TAG>@<digest> for the deploy step.
#
# Environment: IMAGE_TAG (a tag release.yml builds), RELEASE_SHA (the released commit),
#              SIGNER (expected certificate identity), GITHUB_REPOSITORY_OWNER, GITHUB_ENV.
set -euo pipefail

record="${1:?usage: released-image.sh <release.env>}"
: "${IMAGE_TAG:?}" "${RELEASE_SHA:?}" "${SIGNER:?}" "${GITHUB_REPOSITORY_OWNER:?}" "${GITHUB_ENV:?}"

field() {
  # KEY=value lines only; the record is data, never sourced.
  sed -n "s/^$1=\\(.*\\)\$/\\1/p" "$record" | head -n 1
}

image="$(field IMAGE)"
digest="$(field DIGEST)"
sha="$(field SHA)"
expected_image="ghcr.io/${GITHUB_REPOSITORY_OWNER,,}/book-library-api"

fail() {
  echo "::error::$1" >&2
  exit 1
}

[ "$image" = "$expected_image" ] || fail "release record names image '$image', expected '$expected_image'"
[[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || fail "release record has no valid digest: '$digest'"
[ "$sha" = "$RELEASE_SHA" ] || fail "release record is for commit $sha, not $RELEASE_SHA"

# The tag must be one the release built; it names the image for people, the digest pins it.
tag_digest="$(docker buildx imagetools inspect "$image:$IMAGE_TAG" --format '{{json .Manifest.Digest}}' | tr -d '"')"
if [ "$tag_digest" != "$digest" ]; then
  echo "::warning::$image:$IMAGE_TAG now points at $tag_digest (a later build of the same commit); deploying the recorded $digest"
fi

cosign verify "$image@$digest" \
  --certificate-identity "$SIGNER" \
  --certificate-oidc-issuer https://token.actions.githubusercontent.com >/dev/null
echo "signature of $image@$digest verified ($SIGNER)"

echo "IMAGE_REF=$image:$IMAGE_TAG@$digest" >>"$GITHUB_ENV"
