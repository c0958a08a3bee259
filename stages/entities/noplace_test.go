package entities

import (
	"testing"

	"github.com/statharvest/statharvest/stages"
)

// TestNoPlaceInPlainText: ordinary prose must not spell a province by
// accident through the phonetic key; with no place named, provincial bodies
// keep an empty place.
func TestNoPlaceInPlainText(t *testing.T) {
	st := newStage(t)
	for lang, body := range map[string]string{
		"ar": "عقدت لجنة الحزب الإقليمية مؤتمرا لمراجعة العمل خلال الأشهر التسعة الأولى من العام. " +
			"وقال الرفيق نائب السكرتير إن الكوادر وأعضاء الحزب بذلوا جهودا كبيرة في تنفيذ المهام السياسية، " +
			"وأكد على ضرورة تعزيز التفتيش والرقابة ومكافحة الفساد والهدر. وتم قبول عدد من الأعضاء الجدد، " +
			"كما حددت اللجنة أهدافا للسنة المقبلة مع التركيز على التحول الرقمي وتحسين حياة الناس في المناطق الجبلية.",
		"fa": "کمیته حزبی استان جلسه\u200cای برای بررسی کار ساختن حزب در نه ماه اول سال برگزار کرد. " +
			"معاون دبیر گفت که کادرها و اعضای حزب تلاش زیادی برای انجام وظایف سیاسی انجام داده\u200cاند " +
			"و بر تقویت بازرسی و نظارت و مبارزه با فساد تأکید کرد. همچنین اهداف سال آینده تعیین شد.",
		"ru": "Провинциальный комитет партии провел конференцию, посвященную итогам работы за девять месяцев. " +
			"Заместитель секретаря Ле Ван Донг отметил, что кадры и члены партии приложили большие усилия. " +
			"Он подчеркнул необходимость усиления проверок и борьбы с коррупцией. Также Ха Тхи Лан выступила с речью.",
	} {
		for _, m := range st.Find(&stages.Article{Lang: lang, Body: body}) {
			if m.Org.Place != "" {
				t.Errorf("%s: %q got place %q by %q", lang, m.Surface, m.Org.Place, m.Org.PlaceRule)
			}
		}
	}
}
