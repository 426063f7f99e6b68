// rootmail: every command comes from the kit's dispatcher (Dispatcher.swift) and the plugins it loads.
@_spi(RootmailHost) import RootmailKit

await Dispatcher.main()
