#!/usr/bin/perl
# Renders a `tmux capture-pane -p -e` text (stdin) to an ImageMagick MVG drawing (stdout): one cell
# per character in DejaVu Sans Mono, reverse video as light cells, bold as brighter text. Used by
# screenshots.sh; the PNG is then `convert mvg:FILE out.png`.
use strict;
use warnings;
binmode STDIN, ':encoding(UTF-8)';
binmode STDOUT, ':encoding(UTF-8)';
my ($cols, $rows) = @ARGV;
my ($cw, $ch, $pad) = (9.6, 19, 8);
my ($bg, $fg, $bold, $rbg, $rfg) = ('#101010', '#c8c8c8', '#ffffff', '#c8c8c8', '#101010');
my $w = int($cols * $cw + 2 * $pad + 0.5);
my $h = $rows * $ch + 2 * $pad;
print "viewbox 0 0 $w $h\n";
print "fill '$bg' rectangle 0,0 $w,$h\n";
print "font '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf' font-size 16\n";
my $y = 0;
while (my $line = <STDIN>) {
	chomp $line;
	last if $y >= $rows;
	my ($rev, $bd, $x) = (0, 0, 0);
	my @cells;
	while (length $line) {
		if ($line =~ s/^\e\[([0-9;]*)m//) {
			for my $p (split /;/, ($1 eq '' ? '0' : $1)) {
				if ($p == 0) { ($rev, $bd) = (0, 0) }
				elsif ($p == 7) { $rev = 1 } elsif ($p == 27) { $rev = 0 }
				elsif ($p == 1) { $bd = 1 } elsif ($p == 22) { $bd = 0 }
			}
			next;
		}
		if ($line =~ s/^\e[()][0-9A-Za-z]// || $line =~ s/^\e\[[0-9;?]*[A-Za-z]//) { next }
		my $c = substr($line, 0, 1, '');
		push @cells, [$x++, $c, $rev, $bd] if $x < $cols;
	}
	# Reverse-video cells to the end of a reverse run are drawn as a light bar.
	for my $cell (@cells) {
		my ($cx, $c, $r, $b) = @$cell;
		my $px = $pad + $cx * $cw;
		my $py = $pad + $y * $ch;
		if ($r) {
			printf "fill '%s' rectangle %.1f,%d %.1f,%d\n", $rbg, $px, $py, $px + $cw, $py + $ch;
		}
		next if $c eq ' ';
		(my $t = $c) =~ s/(['\\])/\\$1/g;
		printf "fill '%s' text %.1f,%d '%s'\n", $r ? $rfg : ($b ? $bold : $fg), $px, $py + 14, $t;
	}
	$y++;
}
