function __rootmail_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __rootmail_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __rootmail_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __rootmail_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __rootmail_parse_tokens -S
    set -l unparsed_tokens (__rootmail_tokens -pc)
    switch $unparsed_tokens[1]
    case 'rootmail'
        __rootmail_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'config'
            __rootmail_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'show'
                __rootmail_parse_subcommand 0 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'version' 'h/help'
            case 'init'
                __rootmail_parse_subcommand 0 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'domain=' 'force' 'version' 'h/help'
            end
        case 'plugins'
            __rootmail_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __rootmail_parse_subcommand 0 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'version' 'h/help'
            end
        case 'whoami'
            __rootmail_parse_subcommand 0 'profile=' 'region=' 'endpoint-url=' 'config=' 'o/output=' 'v/verbose' 'debug' 'no-color' 'version' 'h/help'
        case 'help'
            __rootmail_parse_subcommand -r 1 'version'
        end
    end
end

function __rootmail_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __rootmail_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __rootmail_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __rootmail_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__rootmail_tokens -p)
    if test -z "$(__rootmail_tokens -t)"
        set -l index (count (__rootmail_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'rootmail' -f
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail" -eq 1' -fa 'config' -d 'Show or create rootmail\'s configuration.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail" -eq 1' -fa 'plugins' -d 'Show the plugins rootmail found.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail" -eq 1' -fa 'whoami' -d 'Show the AWS account, ARN and user id of the credentials in use.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail config" -eq 1' -fa 'show' -d 'Print every setting with its value and where it came from.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail config" -eq 1' -fa 'init' -d 'Write a commented starter config file.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config show" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config show" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config show" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config show" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config show" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config show" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config show" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config show" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config show" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" domain' -l 'domain' -d 'The company\'s domain to put in the file.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" force' -l 'force' -d 'Replace an existing file.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail config init" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_positional "rootmail plugins" -eq 1' -fa 'list' -d 'List every plugin found, and every plugin file refused with its reason.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins list" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins list" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins list" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins list" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins list" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins list" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins list" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins list" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins list" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail plugins list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail whoami" profile' -l 'profile' -d 'AWS profile from the shared config and credentials files.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail whoami" region' -l 'region' -d 'AWS region.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail whoami" endpoint-url' -l 'endpoint-url' -d 'Send every AWS call to this URL instead of AWS\'s endpoints.' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail whoami" config' -l 'config' -d 'Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).' -rfka ''
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail whoami" o output' -s 'o' -l 'output' -d 'Output format: table, json or text (default: table on a terminal, text when piped).' -rfka 'table json text'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail whoami" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail whoami" debug' -l 'debug' -d 'Log everything, requests included, to stderr (secrets are never printed).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail whoami" no-color' -l 'no-color' -d 'Print no colour (also with NO_COLOR set).'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail whoami" version' -l 'version' -d 'Show the version.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail whoami" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rootmail' -n '__rootmail_should_offer_completions_for_flags_or_options "rootmail help" version' -l 'version' -d 'Show the version.'