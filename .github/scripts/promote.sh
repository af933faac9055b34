#!/usr/bin/env bash
# GitOps promotion: instead of applying to the cluster, commit the verified release digest to the
# prod overlay and open a pull request; merging it is the promotion commit that Argo CD deploys
# (`argocd app sync book-library-<cluster>` for each prod cluster, see deploy/README.md).
#
# Environment: IMAGE_REF (from released-image.sh: <image>:<sha tag>@sha256:<digest>),
#              RELEASE_TAG (the git tag released, vX.Y.Z), GH_TOKEN, GITHUB_REPOSITORY.
set -euo pipefail

: "${IMAGE_REF:?}" "${RELEASE_TAG:?}" "${GH_TOKEN:?}" "${GITHUB_REPOSITORY:?}"
OVERLAY=deploy/overlays/prod
MANIFEST_IMAGE=book-library-api # the image name the base manifests use

[[ "$RELEASE_TAG" =~ ^v([0-9]+\.[0-9]+\.[0-9]+)$ ]] || {
  echo "::error::release tag '$RELEASE_TAG' is not vX.Y.Z" >&2
  exit 1
}
version="${BASH_REMATCH[1]}"
image="${IMAGE_REF%%:*}"
digest="${IMAGE_REF##*@}"
pinned="$image:$version@$digest" # the prod policy: <name>:<semver>@sha256:<digest>

(cd "$OVERLAY" && kustomize edit set image "$MANIFEST_IMAGE=$pinned")
# Every prod cluster layer must now render that image, or the commit would promote nothing.
for cluster in deploy/clusters/prod-*/; do
  kubectl kustomize "$cluster" | grep -qF "image: $pinned" || {
    echo "::error::$cluster does not render $pinned" >&2
    exit 1
  }
done

branch="promote/$RELEASE_TAG"
git config user.name "github-actions[bot]"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
git switch -c "$branch"
git add "$OVERLAY/kustomization.yaml"
git commit -m "Promote $RELEASE_TAG to prod: $pinned"
git push "https://x-access-token:${GH_TOKEN}@github.com/${GITHUB_REPOSITORY}.git" "HEAD:refs/heads/$branch"
gh pr create --base main --head "$branch" --title "Promote $RELEASE_TAG to prod" \
  --body "Pins deploy/overlays/prod to \`$pinned\` (signature verified by the deploy workflow). Merge, then sync each prod Application in Argo CD."
echo "promotion of $pinned proposed on $branch"
