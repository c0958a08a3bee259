package blobfs

import "gocloud.dev/blob"

func prefixed(b *blob.Bucket, p string) *blob.Bucket { return blob.PrefixedBucket(b, p) }
