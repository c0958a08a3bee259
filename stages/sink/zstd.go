package sink

import (
	"sync"

	"github.com/apache/arrow/go/v17/parquet/compress"
	"github.com/klauspost/compress/zstd"
)

// The parquet library's zstd codec builds a new encoder for every page it
// compresses; on a large run that was nearly half of all allocation and kept
// the collector busy. pooledZstd writes the same zstd frames with one encoder
// per level, reused: zstd.Encoder.EncodeAll is safe for concurrent use.
// Registering a codec is the library's documented way to replace one.
func init() {
	base, err := compress.GetCodec(compress.Codecs.Zstd)
	if err != nil {
		panic(err) // the library registers zstd itself; absent means a broken build
	}
	compress.RegisterCodec(compress.Codecs.Zstd, &pooledZstd{Codec: base})
}

type pooledZstd struct {
	compress.Codec // decoding and streams stay the library's
	once           [5]sync.Once
	enc            [5]*zstd.Encoder
}

func (z *pooledZstd) encoder(level int) *zstd.Encoder {
	l := zstd.SpeedDefault
	if level != compress.DefaultCompressionLevel {
		l = zstd.EncoderLevelFromZstd(level)
	}
	i := int(l) % len(z.enc)
	z.once[i].Do(func() {
		z.enc[i], _ = zstd.NewWriter(nil, zstd.WithZeroFrames(true), zstd.WithEncoderLevel(l))
	})
	return z.enc[i]
}

func (z *pooledZstd) Encode(dst, src []byte) []byte {
	return z.encoder(compress.DefaultCompressionLevel).EncodeAll(src, dst[:0])
}

func (z *pooledZstd) EncodeLevel(dst, src []byte, level int) []byte {
	return z.encoder(level).EncodeAll(src, dst[:0])
}

var _ compress.Codec = (*pooledZstd)(nil)
