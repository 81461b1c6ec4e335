from django.core.management.base import BaseCommand, CommandError

from unionsw.assessment import services
from unionsw.assessment.models import Round


class Command(BaseCommand):
    help = "从公开的种子重算某次年度考核的抽签（评委分组、播放顺序、交叉评议），并与公布结果比对"

    def add_arguments(self, parser):
        parser.add_argument("round_id", type=int)
        parser.add_argument("--seed", help="公开的种子（默认取已公开的种子）")

    def handle(self, round_id, seed=None, **options):
        rnd = Round.objects.filter(pk=round_id).first()
        if rnd is None:
            raise CommandError("没有这次考核")
        seed = seed or rnd.revealed_seed
        if not seed:
            raise CommandError("种子尚未公开，请在抽签后复核或用 --seed 提供")
        matches, d = services.recompute(rnd, seed)
        self.stdout.write(f"公布的 SHA-256：{rnd.seed_hash}")
        self.stdout.write(f"哈希{'一致' if matches else '不一致'}")
        judges = {j.user_id: j for j in rnd.judges.select_related("user")}
        for uid, group in sorted(d.groups.items(), key=lambda x: (x[1], x[0])):
            j = judges.get(uid)
            flag = "" if j and j.group == group else "  ← 与公布不符"
            self.stdout.write(f"评委 {j.user if j else uid}：{group} 组{flag}")
        entries = {e.worker_id: e for e in rnd.entries.select_related("worker")}
        same = True
        for i, wid in enumerate(d.order, 1):
            e = entries.get(wid)
            ok = e is not None and e.play_order == i and e.scoring_group == d.county_group[e.county_id]
            same &= ok
            self.stdout.write(
                f"{i:>4}. {e.worker.name if e else wid} → {d.county_group[e.county_id] if e else '?'} 组评议{'' if ok else '  ← 与公布不符'}"
            )
        self.stdout.write(
            self.style.SUCCESS("重算结果与公布结果一致") if matches and same else self.style.ERROR("重算结果与公布结果不一致")
        )
