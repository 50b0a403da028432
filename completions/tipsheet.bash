# bash completion for tipsheet(1): commands, options, layout names for --layout, body slugs
# for --body, formats for --format, and files or folders for the options that take them.
# Installed as share/bash-completion/completions/tipsheet; try it from the source tree with
# `source completions/tipsheet.bash`. Needs no bash-completion helpers.

_tipsheet_commands="validate watch new-body"
_tipsheet_options="--data --layout --format --output --dpi --page --bodies --body --neutral --bleed
  --people --date --jobs --shard --quiet --verbose --list-layouts --name --help --version"

# The program as typed on the line (./build/tipsheet, tipsheet), if it can be run.
_tipsheet_program()
{
	local p=${COMP_WORDS[0]}
	# shellcheck disable=SC2088 # a literal "~/" as typed on the line, expanded here
	[[ $p == "~/"* ]] && p=$HOME/${p#"~/"}
	if [[ $p == */* && -x $p ]] || type -P "$p" >/dev/null 2>&1; then
		printf '%s\n' "$p"
	else
		printf 'tipsheet\n'
	fi
}

# The folder holding data/, layouts/ and fonts/, found as tipsheet finds it (src/paths.c):
# TIPSHEET_DATADIR, else PREFIX/share/tipsheet beside PREFIX/bin/tipsheet, else the source
# tree a build folder was configured from, else the current folder.
_tipsheet_datadir()
{
	if [[ -n ${TIPSHEET_DATADIR-} ]]; then
		printf '%s\n' "$TIPSHEET_DATADIR"
		return
	fi
	local p exe bin
	p=$(_tipsheet_program)
	exe=$(type -P "$p" 2>/dev/null) || exe=$p
	exe=$(readlink -f -- "$exe" 2>/dev/null) || exe=$p
	bin=${exe%/*}
	if [[ $bin == */bin && -f ${bin%/bin}/share/tipsheet/data/tips.yaml ]]; then
		printf '%s\n' "${bin%/bin}/share/tipsheet"
	elif [[ -f $bin/CMakeCache.txt ]]; then
		sed -n 's/^tipsheet_SOURCE_DIR:STATIC=//p' "$bin/CMakeCache.txt"
	else
		printf '.\n'
	fi
}

# Layout names: the first column of `tipsheet --list-layouts`, else the files of layouts/.
_tipsheet_layouts()
{
	local names f
	names=$("$(_tipsheet_program)" --list-layouts 2>/dev/null | awk '{ print $1 }')
	if [[ -z $names ]]; then
		for f in "$(_tipsheet_datadir)"/layouts/*.yaml; do
			[[ -f $f ]] && f=${f##*/} && names+=" ${f%.yaml}"
		done
	fi
	printf '%s\n' "$names"
}

# Body slugs: the .yaml files of --bodies DIR if the line gives it, else of data/bodies.
_tipsheet_bodies()
{
	local dir="" i w f slugs=""
	for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w == --bodies || $w == -b ]]; then
			dir=${COMP_WORDS[i + 1]-}
			[[ $dir == "=" ]] && dir=${COMP_WORDS[i + 2]-}
		elif [[ $w == --bodies=?* ]]; then
			dir=${w#--bodies=}
		fi
	done
	# shellcheck disable=SC2088 # a literal "~/" as typed on the line, expanded here
	[[ $dir == "~/"* ]] && dir=$HOME/${dir#"~/"}
	[[ -n $dir ]] || dir=$(_tipsheet_datadir)/data/bodies
	for f in "$dir"/*.yaml; do
		[[ -f $f ]] && f=${f##*/} && slugs+=" ${f%.yaml}"
	done
	printf '%s\n' "$slugs"
}

# pdf, svg, png after what is already in a comma-separated list.
_tipsheet_formats()
{
	local cur=$1 head="" fmt
	[[ $cur == *,* ]] && head=${cur%,*},
	for fmt in pdf svg png; do
		[[ ,$head == *,$fmt,* ]] || printf '%s\n' "$head$fmt"
	done
}

# Folders, and files ending in one of the extensions $1 ("csv yaml").
_tipsheet_files()
{
	local ext
	compopt -o filenames 2>/dev/null
	mapfile -t COMPREPLY < <(
		compgen -d -- "$2"
		for ext in $1; do compgen -f -X "!*.$ext" -- "$2"; done
	)
}

_tipsheet()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]-}
	# "--layout=a4" reaches us as "--layout" "=" "a4" ('=' breaks words).
	if [[ $cur == "=" ]]; then
		cur=""
	elif [[ $prev == "=" ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]-}
	fi
	COMPREPLY=()
	case $prev in
	-l | --layout)
		if [[ $cur == */* || $cur == *.yaml ]]; then
			_tipsheet_files yaml "$cur"
		else
			mapfile -t COMPREPLY < <(compgen -W "$(_tipsheet_layouts)" -- "$cur")
		fi
		return
		;;
	-B | --body)
		mapfile -t COMPREPLY < <(compgen -W "$(_tipsheet_bodies)" -- "$cur")
		return
		;;
	-f | --format)
		mapfile -t COMPREPLY < <(compgen -W "$(_tipsheet_formats "$cur")" -- "$cur")
		compopt -o nospace 2>/dev/null
		return
		;;
	-d | --data)
		_tipsheet_files "yaml yml" "$cur"
		return
		;;
	-p | --people)
		_tipsheet_files "csv yaml yml" "$cur"
		return
		;;
	-o | --output | -b | --bodies)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return
		;;
	-r | --dpi | --page | -j | --jobs | --date | --shard | --name)
		return # a value of the user's own
		;;
	esac
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$_tipsheet_options" -- "$cur")
		return
	fi
	# A command, unless the line has one already.
	local w
	for w in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
		[[ " $_tipsheet_commands " == *" $w "* ]] && return
	done
	mapfile -t COMPREPLY < <(compgen -W "$_tipsheet_commands" -- "$cur")
}

complete -F _tipsheet tipsheet
