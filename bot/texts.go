package bot

import "fmt"

// msg is a user-facing text in both languages.
type msg struct{ id, en string }

func (m msg) in(l Lang) string {
	if l == LangEN {
		return m.en
	}
	return m.id
}

// Every user-facing text, in Indonesian and English.
var (
	txtAccording  = msg{"Menurut dokumen:", "According to the documents:"}
	txtQuotesInID = msg{"", "(The quotes are in Indonesian, as the documents are.)"}
	txtQuotesInEN = msg{"(Kutipan dalam bahasa Inggris, sesuai dokumennya.)", ""}
	txtSources    = msg{"Sumber:", "Sources:"}
	txtNotFound   = msg{"Saya tidak menemukan jawabannya di dokumen.", "I couldn't find that in the documents."}
	// Partial answers: the documents speak of what was asked but not of the detail wanted.
	txtPartial        = msg{"Dokumen tidak menyebutkan persis yang ditanyakan; yang paling mendekati:", "The documents don't say exactly that; the closest they come:"}
	txtPartialWhen    = msg{"Dokumen tidak menyebutkan persis kapan; yang paling mendekati:", "The documents don't say exactly when; the closest they come:"}
	txtPartialWho     = msg{"Dokumen tidak menyebutkan persis siapa; yang paling mendekati:", "The documents don't say exactly who; the closest they come:"}
	txtPartialName    = msg{"Dokumen tidak menyebutkan namanya; yang paling mendekati:", "The documents don't give its name; the closest they come:"}
	txtPartialWhere   = msg{"Dokumen tidak menyebutkan persis di mana; yang paling mendekati:", "The documents don't say exactly where; the closest they come:"}
	txtPartialHowMuch = msg{"Dokumen tidak menyebutkan persis berapa; yang paling mendekati:", "The documents don't say exactly how many or how much; the closest they come:"}
	txtClosest        = msg{"Bagian dokumen yang paling dekat (bukan jawaban):", "The closest passages (not an answer):"}
	txtEmptyQuestion  = msg{"Tulis pertanyaan Anda, misalnya: /ask Di mana Putin bertemu Kim Jong Un?", "Type your question, for example: /ask Where did Putin meet Kim Jong Un?"}
	txtEmptyQuote     = msg{"Tulis kata yang dicari, misalnya: /quote jaminan keamanan", "Type the words to look for, for example: /quote security guarantee"}
	txtNoQuote        = msg{"Tidak ada bagian dokumen yang memuat kata-kata itu.", "No passage of the documents contains those words."}
	txtQuoteHead      = msg{"Kutipan yang paling cocok untuk “%s”:", "Passages that best match “%s”:"}
	txtParagraph      = msg{"paragraf", "paragraph"}
	txtPageShort      = msg{"hlm.", "p."}
	txtSourcesHead    = msg{"Dokumen (%d):", "Documents (%d):"}
	txtSourcesFoot    = msg{"Lihat satu dokumen dengan /source <id>, misalnya /source 1.", "See one document with /source <id>, for example /source 1."}
	txtSourceUsage    = msg{"Sebutkan dokumennya: /source <id | nama file | nomor> [halaman], atau satu bagiannya: /source 2 3.2, /source 2 § Memasang paket. Daftar dokumen: /sources", "Name the document: /source <id | file name | number> [page], or one of its sections: /source 2 3.2, /source 2 § Installing packages. The list of documents: /sources"}
	txtNoSuchSection  = msg{"Bagian “%s” tidak ada di %s. Lihat dokumennya dengan /source tanpa bagian.", "There is no section “%s” in %s. See the document with /source without a section."}
	txtNoSuchSource   = msg{"Dokumen “%s” tidak ada. Daftar dokumen: /sources", "There is no document “%s”. The list of documents: /sources"}
	txtSourcePage     = msg{"Halaman %d dari %d · %d bagian", "Page %d of %d · %d passages"}
	txtLangSet        = msg{"Baik, saya akan menjawab dalam bahasa Indonesia.", "OK, I will reply in English."}
	txtLangAuto       = msg{"Baik, bahasa jawaban mengikuti bahasa pertanyaan.", "OK, I will reply in the language of each question."}
	txtLangUsage      = msg{"Pakai: /lang id, /lang en, atau /lang auto", "Use: /lang id, /lang en, or /lang auto"}
	txtUnknownCmd     = msg{"Perintah tidak dikenal. Lihat /help.", "Unknown command. See /help."}
	txtForeign        = msg{"Saya hanya bisa menjawab dalam bahasa Indonesia atau Inggris. Silakan tulis pertanyaan Anda dalam salah satu bahasa itu.", "I can only answer in Indonesian or English. Please ask your question in one of those."}
	txtNoText         = msg{"Saya hanya membaca pesan teks. Tulis pertanyaan Anda.", "I only read text messages. Please type your question."}
	txtTooLong        = msg{"Pertanyaan Anda sangat panjang; saya membaca %d karakter pertamanya.", "Your question is very long; I read its first %d characters."}
	txtError          = msg{"Maaf, terjadi kesalahan. Silakan coba lagi.", "Sorry, something went wrong. Please try again."}
	// Scope.
	txtScopeSet  = msg{"Jawaban di obrolan ini kini hanya dari: %s. Ketik /scope all untuk semua dokumen.", "Answers in this chat now come only from: %s. Type /scope all for every document."}
	txtScopeAll  = msg{"Jawaban kembali dari semua dokumen.", "Answers come from every document again."}
	txtScopeNone = msg{"Jawaban diambil dari semua dokumen. Batasi dengan /scope <dokumen…>, misalnya /scope 1 3.", "Answers come from every document. Limit them with /scope <document…>, for example /scope 1 3."}
	txtScopeNote = msg{"Cakupan: hanya %s (/scope all untuk semua).", "Scope: only %s (/scope all for all)."}
	// Uploads.
	txtUploadNotAdmin   = msg{"Terima kasih! Hanya admin yang dapat menambahkan dokumen. Silakan ajukan pertanyaan tentang dokumen yang sudah ada.", "Thank you! Only admins can add documents. Feel free to ask about the documents already here."}
	txtUploadOff        = msg{"Penambahan dokumen tidak aktif di sini (tidak ada folder data).", "Adding documents is not available here (no data folder)."}
	txtUploadTooBig     = msg{"Berkas terlalu besar (%d MB); batasnya 20 MB.", "The file is too large (%d MB); the limit is 20 MB."}
	txtUploadBad        = msg{"Berkas tidak ditambahkan: %s. Tidak ada yang berubah.", "The file was not added: %s. Nothing changed."}
	txtUploadDuplicate  = msg{"Dokumen ini sudah ada (sebagai %s). Tidak ada yang berubah.", "This document is already here (as %s). Nothing changed."}
	txtUploaded         = msg{"Ditambahkan: “%s” (%s)", "Added: “%s” (%s)"}
	txtUploadedPages    = msg{", %d halaman, %d bagian. Silakan bertanya.", ", %d pages, %d passages. Ask away."}
	txtUploadedPassages = msg{", %d bagian. Silakan bertanya.", ", %d passages. Ask away."}
	txtForgetUsage      = msg{"Tulis dokumen yang dihapus, misalnya: /forget laporan.pdf", "Name the document to remove, for example: /forget report.pdf"}
	txtForgetNotUpload  = msg{"%s bukan dokumen unggahan; hanya dokumen yang diunggah admin yang dapat dihapus.", "%s is not an uploaded document; only documents admins uploaded can be removed."}
	txtForgotten        = msg{"Dihapus: %s. Kini ada %d dokumen.", "Removed: %s. There are now %d documents."}
	txtNotAdmin         = msg{"Perintah ini hanya untuk admin.", "This command is for admins only."}
	txtReloaded         = msg{"Dokumen dimuat ulang: %d dokumen, %d bagian.", "Documents reloaded: %d documents, %d passages."}
	txtReloadFailed     = msg{"Gagal memuat ulang dokumen; dokumen lama tetap dipakai.", "Reloading the documents failed; the previous ones stay in use."}
	txtExpired          = msg{"Maaf, tombol ini sudah kedaluwarsa. Silakan tanyakan lagi.", "Sorry, this button has expired. Please ask again."}
	txtPassagesHead     = msg{"Bagian dokumen yang dipakai:", "The passages used:"}
	txtNoWhy            = msg{"Belum ada jawaban untuk dijelaskan di obrolan ini.", "There is no answer to explain in this chat yet."}
	txtStats            = msg{"Statistik: %d dokumen, %d bagian; %d pertanyaan dijawab, %d tidak ditemukan; %d obrolan aktif.", "Stats: %d documents, %d passages; %d questions answered, %d not found; %d active chats."}
	txtStart            = msg{
		"Halo! Saya Kutip. Saya menjawab pertanyaan hanya dari dokumen yang saya punya, dan selalu menyebut sumbernya.\n\nTanyakan saja, misalnya: Di mana Putin bertemu Kim Jong Un?\nPerintah lain: /help",
		"Hello! I'm Kutip. I answer questions only from my documents, and I always cite the source.\n\nJust ask, for example: Where did Putin meet Kim Jong Un?\nOther commands: /help",
	}
	txtHelp = msg{
		"Kutip menjawab hanya dari dokumen dan selalu menyebut sumbernya.\n\n" +
			"/ask <pertanyaan> — tanya (atau tulis saja pertanyaannya)\n" +
			"/quote <kata> — kutipan persis dari dokumen\n" +
			"/sources — daftar dokumen\n" +
			"/source <id> [halaman] — isi satu dokumen (halaman PDF)\n" +
			"/source <id> 3.2 atau /source <id> § judul — satu bagiannya\n" +
			"/scope <id…> — jawab hanya dari dokumen ini; /scope all — semua\n" +
			"/lang id|en|auto — bahasa jawaban\n" +
			"/start — mulai lagi (melupakan percakapan)\n" +
			"/help — bantuan ini",
		"Kutip answers only from its documents and always cites the source.\n\n" +
			"/ask <question> — ask (or just type the question)\n" +
			"/quote <words> — verbatim quotes from the documents\n" +
			"/sources — the list of documents\n" +
			"/source <id> [page] — one document's contents (a PDF's page)\n" +
			"/source <id> 3.2 or /source <id> § heading — one of its sections\n" +
			"/scope <id…> — answer only from these documents; /scope all — all\n" +
			"/lang id|en|auto — reply language\n" +
			"/start — start over (forgets the conversation)\n" +
			"/help — this help",
	}
)

func (m msg) f(l Lang, args ...any) string { return fmt.Sprintf(m.in(l), args...) }

// Texts returns a user-facing text by key in a language, for front ends that need the
// assistant's wording (button labels and notices).
func Texts(l Lang) map[string]string {
	return map[string]string{
		"sources_button": msg{"Sumber", "Sources"}.in(l),
		"expired":        txtExpired.in(l),
		"no_text":        txtNoText.in(l),
		"error":          txtError.in(l),
		"prev":           msg{"‹ Sebelumnya", "‹ Previous"}.in(l),
		"next":           msg{"Berikutnya ›", "Next ›"}.in(l),
	}
}

// CommandDescriptions lists the commands with a short description, for menus such as Telegram's.
func CommandDescriptions(l Lang) [][2]string {
	return [][2]string{
		{"ask", msg{"Tanya dari dokumen", "Ask the documents"}.in(l)},
		{"quote", msg{"Kutipan persis dari dokumen", "Verbatim quotes from the documents"}.in(l)},
		{"sources", msg{"Daftar dokumen", "List the documents"}.in(l)},
		{"source", msg{"Isi satu dokumen", "Show one document"}.in(l)},
		{"scope", msg{"Jawab hanya dari dokumen tertentu", "Answer only from chosen documents"}.in(l)},
		{"lang", msg{"Bahasa jawaban: id, en, auto", "Reply language: id, en, auto"}.in(l)},
		{"help", msg{"Bantuan", "Help"}.in(l)},
		{"start", msg{"Mulai lagi", "Start over"}.in(l)},
	}
}
