module github.com/kutip/kutip

go 1.26.8

require (
	github.com/abadojack/whatlanggo v1.0.1 // indirect
	github.com/go-telegram-bot-api/telegram-bot-api/v5 v5.5.1 // indirect
	github.com/kljensen/snowball v0.10.0 // indirect
	github.com/philippgille/chromem-go v0.7.0 // indirect
	github.com/sashabaranov/go-openai v1.43.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)
