#!/bin/bash

__rootmail_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__rootmail_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__rootmail_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__rootmail_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_rootmail() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __rootmail_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    config|plugins|whoami|doctor|completion|accounts|dns|deploy|mail|mappings|vend|help)
        # Offer subcommand argument completions
        "_rootmail_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'config plugins whoami doctor completion accounts dns deploy mail mappings vend help' -- "${cur}"))
        ;;
    esac
}

_rootmail_config() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rootmail_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    show|get|set|unset|edit|init)
        # Offer subcommand argument completions
        "_rootmail_config_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'show get set unset edit init' -- "${cur}"))
        ;;
    esac
}

_rootmail_config_show() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color)
    __rootmail_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_rootmail_config_get() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --show-origin --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color)
    __rootmail_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_rootmail_config_set() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color)
    __rootmail_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_rootmail_config_unset() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color)
    __rootmail_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_rootmail_config_edit() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color)
    __rootmail_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_rootmail_config_init() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --force --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --domain)
    __rootmail_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--domain')
        return
        ;;
    esac
}

_rootmail_plugins() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rootmail_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list)
        # Offer subcommand argument completions
        "_rootmail_plugins_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list' -- "${cur}"))
        ;;
    esac
}

_rootmail_plugins_list() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color)
    __rootmail_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_rootmail_whoami() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color)
    __rootmail_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_rootmail_doctor() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --version -h --help)
    repeating_options=(--parent-server)
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --timeout --resolver)
    __rootmail_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--timeout')
        return
        ;;
    '--resolver')
        return
        ;;
    '--parent-server')
        return
        ;;
    esac
}

_rootmail_completion() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rootmail_offer_flags_options 1

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rootmail_add_completions -W 'bash'$'\n''zsh'$'\n''fish'
        return
        ;;
    esac
}

_rootmail_accounts() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rootmail_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|sync|adopt|audit)
        # Offer subcommand argument completions
        "_rootmail_accounts_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list sync adopt audit' -- "${cur}"))
        ;;
    esac
}

_rootmail_accounts_list() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --primary-email --not-vended --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --owner --concurrency)
    __rootmail_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--owner')
        return
        ;;
    '--concurrency')
        return
        ;;
    esac
}

_rootmail_accounts_sync() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --primary-email --create-missing --dry-run --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --owner)
    __rootmail_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--owner')
        return
        ;;
    esac
}

_rootmail_accounts_adopt() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --yes --dry-run --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --account-id --from-file --state-file --strategy --owner --email --code-timeout --concurrency)
    __rootmail_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--account-id')
        return
        ;;
    '--from-file')
        return
        ;;
    '--state-file')
        return
        ;;
    '--strategy')
        __rootmail_add_completions -W 'uuid'$'\n''name'
        return
        ;;
    '--owner')
        return
        ;;
    '--email')
        return
        ;;
    '--code-timeout')
        return
        ;;
    '--concurrency')
        return
        ;;
    esac
}

_rootmail_accounts_audit() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --fail-on --concurrency)
    __rootmail_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--fail-on')
        __rootmail_add_completions -W 'info'$'\n''high'$'\n''critical'
        return
        ;;
    '--concurrency')
        return
        ;;
    esac
}

_rootmail_dns() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rootmail_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    check)
        # Offer subcommand argument completions
        "_rootmail_dns_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'check' -- "${cur}"))
        ;;
    esac
}

_rootmail_dns_check() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --wait --version -h --help)
    repeating_options=(--parent-server)
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --domain --subdomain --hosted-zone-id --resolver --timeout --query-timeout --attempts --wait-timeout --interval)
    __rootmail_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--domain')
        return
        ;;
    '--subdomain')
        return
        ;;
    '--hosted-zone-id')
        return
        ;;
    '--resolver')
        return
        ;;
    '--parent-server')
        return
        ;;
    '--timeout')
        return
        ;;
    '--query-timeout')
        return
        ;;
    '--attempts')
        return
        ;;
    '--wait-timeout')
        return
        ;;
    '--interval')
        return
        ;;
    esac
}

_rootmail_deploy() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --manage-bucket --queue --template --status --destroy --delete-mail --activate --yes --dry-run --wait --no-dns-check --version -h --help)
    repeating_options=(--parent-server)
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --domain --subdomain --stack-name --hosted-zone-id --parent-zone-id --kms-key --mail-expiry-days --ses-region --format --policy --timeout --resolver)
    __rootmail_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--domain')
        return
        ;;
    '--subdomain')
        return
        ;;
    '--stack-name')
        return
        ;;
    '--hosted-zone-id')
        return
        ;;
    '--parent-zone-id')
        return
        ;;
    '--kms-key')
        return
        ;;
    '--mail-expiry-days')
        return
        ;;
    '--ses-region')
        return
        ;;
    '--format')
        __rootmail_add_completions -W 'yaml'$'\n''json'
        return
        ;;
    '--policy')
        __rootmail_add_completions -W 'watch'$'\n''vend'$'\n''admin'$'\n''accounts'$'\n''accounts-list'$'\n''accounts-adopt'$'\n''accounts-audit'
        return
        ;;
    '--timeout')
        return
        ;;
    '--resolver')
        return
        ;;
    '--parent-server')
        return
        ;;
    esac
}

_rootmail_mail() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rootmail_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    fetch|list|search|show|links|reset-link|watch|dead-letters|replay|receive|forward)
        # Offer subcommand argument completions
        "_rootmail_mail_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'fetch list search show links reset-link watch dead-letters replay receive forward' -- "${cur}"))
        ;;
    esac
}

_rootmail_mail_fetch() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --bucket --prefix --concurrency)
    __rootmail_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--bucket')
        return
        ;;
    '--prefix')
        return
        ;;
    '--concurrency')
        return
        ;;
    esac
}

_rootmail_mail_list() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --has-attachments --trusted --untrusted --all --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --to --account --since --class --subject --limit --from)
    __rootmail_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--to')
        return
        ;;
    '--account')
        __rootmail_add_completions -W "$(__rootmail_custom_complete ---completion mail list -- --account "${COMP_CWORD}" "$(__rootmail_cursor_index_in_current_word)")"
        return
        ;;
    '--since')
        return
        ;;
    '--class')
        __rootmail_add_completions -W 'password-reset'$'\n''welcome'$'\n''account-ready'$'\n''filtered'$'\n''empty-subject'$'\n''other'
        return
        ;;
    '--subject')
        return
        ;;
    '--limit')
        return
        ;;
    '--from')
        return
        ;;
    esac
}

_rootmail_mail_search() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --has-attachments --trusted --untrusted --all --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --to --account --since --class --subject --limit --from)
    __rootmail_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--to')
        return
        ;;
    '--account')
        __rootmail_add_completions -W "$(__rootmail_custom_complete ---completion mail search -- --account "${COMP_CWORD}" "$(__rootmail_cursor_index_in_current_word)")"
        return
        ;;
    '--since')
        return
        ;;
    '--class')
        __rootmail_add_completions -W 'password-reset'$'\n''welcome'$'\n''account-ready'$'\n''filtered'$'\n''empty-subject'$'\n''other'
        return
        ;;
    '--subject')
        return
        ;;
    '--limit')
        return
        ;;
    '--from')
        return
        ;;
    esac
}

_rootmail_mail_show() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --html --raw --headers --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --save-attachments)
    __rootmail_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--save-attachments')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rootmail_add_completions -W "$(__rootmail_custom_complete ---completion mail show -- positional@0 "${COMP_CWORD}" "$(__rootmail_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rootmail_mail_links() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color)
    __rootmail_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rootmail_add_completions -W "$(__rootmail_custom_complete ---completion mail links -- positional@0 "${COMP_CWORD}" "$(__rootmail_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rootmail_mail_reset-link() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --any-age --from-ssm --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --account)
    __rootmail_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--account')
        __rootmail_add_completions -W "$(__rootmail_custom_complete ---completion mail reset-link -- --account "${COMP_CWORD}" "$(__rootmail_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rootmail_mail_watch() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --interval --bucket --prefix --concurrency --queue --reconcile-interval)
    __rootmail_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--interval')
        return
        ;;
    '--bucket')
        return
        ;;
    '--prefix')
        return
        ;;
    '--concurrency')
        return
        ;;
    '--queue')
        return
        ;;
    '--reconcile-interval')
        return
        ;;
    esac
}

_rootmail_mail_dead-letters() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --receiver --limit --queue)
    __rootmail_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--receiver')
        return
        ;;
    '--limit')
        return
        ;;
    '--queue')
        return
        ;;
    esac
}

_rootmail_mail_replay() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --all --force --queue-dead-letters --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --receiver --queue)
    __rootmail_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--receiver')
        return
        ;;
    '--queue')
        return
        ;;
    esac
}

_rootmail_mail_receive() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --all --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --receiver --since)
    __rootmail_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--receiver')
        return
        ;;
    '--since')
        return
        ;;
    esac
}

_rootmail_mail_forward() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --to)
    __rootmail_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--to')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rootmail_add_completions -W "$(__rootmail_custom_complete ---completion mail forward -- positional@0 "${COMP_CWORD}" "$(__rootmail_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rootmail_mappings() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rootmail_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|get|update|delete|export|import|init-table)
        # Offer subcommand argument completions
        "_rootmail_mappings_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list get update delete export import init-table' -- "${cur}"))
        ;;
    esac
}

_rootmail_mappings_list() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --csv --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --owner --account-type --status --name-prefix)
    __rootmail_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--owner')
        return
        ;;
    '--account-type')
        return
        ;;
    '--status')
        return
        ;;
    '--name-prefix')
        return
        ;;
    esac
}

_rootmail_mappings_get() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color)
    __rootmail_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rootmail_add_completions -W "$(__rootmail_custom_complete ---completion mappings get -- positional@0 "${COMP_CWORD}" "$(__rootmail_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rootmail_mappings_update() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --owner --account-type --status)
    __rootmail_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--owner')
        return
        ;;
    '--account-type')
        return
        ;;
    '--tag')
        return
        ;;
    '--status')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rootmail_add_completions -W "$(__rootmail_custom_complete ---completion mappings update -- positional@0 "${COMP_CWORD}" "$(__rootmail_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rootmail_mappings_delete() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager -y --yes --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color)
    __rootmail_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rootmail_add_completions -W "$(__rootmail_custom_complete ---completion mappings delete -- positional@0 "${COMP_CWORD}" "$(__rootmail_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rootmail_mappings_export() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --force --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --owner --account-type --status --name-prefix --format --file)
    __rootmail_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--owner')
        return
        ;;
    '--account-type')
        return
        ;;
    '--status')
        return
        ;;
    '--name-prefix')
        return
        ;;
    '--format')
        __rootmail_add_completions -W 'jsonl'$'\n''csv'
        return
        ;;
    '--file')
        return
        ;;
    esac
}

_rootmail_mappings_import() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --overwrite --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --format)
    __rootmail_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--format')
        __rootmail_add_completions -W 'jsonl'$'\n''csv'
        return
        ;;
    esac
}

_rootmail_mappings_init-table() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color)
    __rootmail_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_rootmail_vend() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --debug --no-color --no-pager --dry-run --create-account --version -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--profile --region --endpoint-url --config -o --output --color --strategy --owner --account-type --business-unit --application --environment --environment-default --account-name --email --random-length --request --from-file)
    __rootmail_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __rootmail_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''text'
        return
        ;;
    '--color')
        __rootmail_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--strategy')
        __rootmail_add_completions -W 'uuid'$'\n''name'
        return
        ;;
    '--owner')
        return
        ;;
    '--account-type')
        return
        ;;
    '--tag')
        return
        ;;
    '--business-unit')
        return
        ;;
    '--application')
        return
        ;;
    '--environment')
        return
        ;;
    '--environment-default')
        return
        ;;
    '--account-name')
        return
        ;;
    '--email')
        return
        ;;
    '--random-length')
        return
        ;;
    '--request')
        return
        ;;
    '--from-file')
        return
        ;;
    esac
}

_rootmail_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __rootmail_offer_flags_options -1
}

complete -o filenames -F _rootmail rootmail